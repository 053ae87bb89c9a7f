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
} satisfies MessageTable;
