// The technician's page: its PIN, the organisers' PINs and lockouts, the diagnostic bundle,
// and provisioning's problems (the same words the provisioning command prints).
import { PROVISION_MESSAGES } from '../../../../common/provision-messages.ts';
import type { MessageTable } from './message-table.ts';

export const technicianMessages = {
  ...PROVISION_MESSAGES,
  'refused.not_organiser': { zh: '这张卡不是本站点管理员的卡', en: 'This card is not an organiser’s of this site' },
  'refused.technician_session_expired': {
    zh: '技术员页面已锁定，请重新输入技术员 PIN',
    en: 'The technician page was locked; enter the technician PIN again',
  },
  'refused.technician_pin_not_set': {
    zh: '本机没有技术员 PIN：请用 npm run provision 设置',
    en: 'This station has no technician PIN: set one with npm run provision',
  },
  'technician.gateTitle': { zh: '技术员页面', en: 'Technician page' },
  'technician.pinPrompt': { zh: '请输入技术员 PIN', en: 'Technician PIN' },
  'technician.enter': { zh: '进入', en: 'Enter' },
  'technician.lock': { zh: '锁定技术员页面', en: 'Lock the technician page' },
  'technician.organisers': { zh: '单位管理员', en: 'Organisers' },
  'technician.noOrganisers': {
    zh: '名册中还没有管理员：请在省级平台用 hub-admin set-organiser 指定。',
    en: 'The roster has no organiser yet: name one at the hub with hub-admin set-organiser.',
  },
  'technician.pin.station': { zh: '本机设置的 PIN', en: 'PIN set at this station' },
  'technician.pin.hub': { zh: '平台设置的 PIN', en: 'PIN set at the hub' },
  'technician.pin.none': { zh: '尚无 PIN', en: 'No PIN yet' },
  'technician.lockedFor': { zh: '已锁定 {minutes} 分钟', en: 'Locked for {minutes} min' },
  'technician.newPin': { zh: '新 PIN', en: 'New PIN' },
  'technician.setPin': { zh: '重置 PIN', en: 'Reset PIN' },
  'technician.pinDone': { zh: '{name} 的 PIN 已重置', en: '{name}’s PIN was reset' },
  'technician.unlockAccount': { zh: '解除锁定', en: 'Lift the lock' },
  'technician.diagnostics': { zh: '写出诊断包', en: 'Write the diagnostic bundle' },
  'technician.diagnosticsDone': { zh: '诊断包已写入 {path}', en: 'Diagnostic bundle written to {path}' },
  'technician.updateTitle': { zh: '软件更新', en: 'Software update' },
  'technician.update.unchecked': {
    zh: '尚未检查（注册后定期检查）',
    en: 'Not checked yet (checked regularly once enrolled)',
  },
  'technician.update.none': { zh: '平台没有发布更新', en: 'The hub has published no update' },
  'technician.update.current': { zh: '已是最新版本', en: 'Up to date' },
  'technician.update.offered': {
    zh: '新版本 {version} 等待安装：桌面版在无课时段自动安装；浏览器模式请用安装包更新',
    en: 'Version {version} is waiting: the desktop app installs it outside class hours; in the browser shell install the package',
  },
  'technician.update.not_for_site': {
    zh: '版本 {version} 正在分批推送，本站点尚未轮到',
    en: 'Version {version} is being rolled out in stages; this site’s turn has not come',
  },
  'technician.update.other_platform': {
    zh: '平台发布的更新不适用于本机系统',
    en: 'The published update is for another system',
  },
  'technician.update.untrusted': {
    zh: '更新信息的签名无效，已拒绝：请联系平台管理员',
    en: 'The update’s signature does not verify; refused: tell the hub operator',
  },
  'technician.update.unreachable': { zh: '无法连接更新源', en: 'The update feed cannot be reached' },
  'technician.reenrolTitle': { zh: '作为新站点重新注册', en: 'Re-enroll as a new station' },
  'technician.reenrol': { zh: '核对令牌并重新注册', en: 'Check the token and re-enroll' },
  'technician.reenrolDone': {
    zh: '已保存：本机正在重新启动，将以新密钥作为新站点注册',
    en: 'Saved: the station restarts and enrolls as a new station with a new key',
  },
  'wizard.title': { zh: '配置本机（首次使用）', en: 'Provision this station (first use)' },
  'wizard.hint': {
    zh: '填写省级平台管理员提供的平台地址、站点代码和注册令牌；也可以插入装有 lectern-provision.json 的 U 盘。平台会先核对令牌，核对通过才写入配置。',
    en: 'Enter the hub address, site code and enrollment token the hub operator gave you, or insert a USB drive with lectern-provision.json. The hub checks the token before anything is written.',
  },
  'wizard.bootFile': {
    zh: '启动时在 U 盘上找到 {file}，但其中有错误（见下）',
    en: 'At start the station found {file} on a USB drive, with the problems below',
  },
  'wizard.fromUsb': { zh: '从 U 盘读取 lectern-provision.json', en: 'Read lectern-provision.json from a USB drive' },
  'wizard.noFile': {
    zh: 'U 盘根目录中没有 lectern-provision.json',
    en: 'No lectern-provision.json at the top of a USB drive',
  },
  'wizard.field.hubUrl': { zh: '省级平台地址', en: 'Hub address' },
  'wizard.field.siteCode': { zh: '站点代码', en: 'Site code' },
  'wizard.field.enrollmentToken': { zh: '注册令牌', en: 'Enrollment token' },
  'wizard.field.classroomName': { zh: '教室名称', en: 'Classroom name' },
  'wizard.field.technicianPin': { zh: '技术员 PIN（4–12 位数字）', en: 'Technician PIN (4–12 digits)' },
  'wizard.pinRepeat': { zh: '再次输入技术员 PIN', en: 'Repeat the technician PIN' },
  'wizard.pinMismatch': { zh: '两次输入的 PIN 不一致', en: 'The two PINs differ' },
  'wizard.readerTest': { zh: '读卡器测试：', en: 'Card reader test:' },
  'wizard.readerWaiting': { zh: '请在读卡器上刷任意一张卡', en: 'Tap any card on the reader' },
  'wizard.readerSeen': { zh: '读卡器正常（读到 {card}）', en: 'The reader works (read {card})' },
  'wizard.otherDevices': {
    zh: '投影机等其他设备的测试在设备模块接入后显示在这里。',
    en: 'Tests of the projector and other devices appear here once the device layer is in.',
  },
  'wizard.checking': { zh: '正在向平台核对…', en: 'Asking the hub…' },
  'wizard.submit': { zh: '核对并保存', en: 'Check and save' },
  'wizard.doneChecked': {
    zh: '平台已确认站点 {site}。配置已保存，本机正在重新启动…',
    en: 'The hub confirmed site {site}. The configuration is saved; the station is restarting…',
  },
  'wizard.doneOffline': {
    zh: '无法连接平台：配置已保存，本机首次联网时注册。正在重新启动…',
    en: 'The hub cannot be reached: the configuration is saved and the station enrolls at its first contact. Restarting…',
  },
} satisfies MessageTable;
