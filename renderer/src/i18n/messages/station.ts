// The station itself: identity, databases, health checks, the ledger's state.
import type { MessageTable } from './message-table.ts';

export const stationMessages = {
  'station.heading': { zh: '本站信息', en: 'This station' },
  'station.id': { zh: '站点编号', en: 'Station ID' },
  'station.unprovisioned': {
    zh: '未配置（尚未注册到省级平台）',
    en: 'Unprovisioned (not yet enrolled with the provincial hub)',
  },
  'station.unprovisionedHint': {
    zh: '技术员完成注册后，本站将同步课程、学员名册和课表。',
    en: 'Once a technician enrolls it, the station syncs courses, the roster and the schedule.',
  },
  'station.version': { zh: '软件版本', en: 'Software version' },
  'station.runtime': { zh: '运行方式', en: 'Runtime' },
  'station.runtime.electron': { zh: '桌面应用', en: 'Desktop app' },
  'station.runtime.web': { zh: '浏览器模式', en: 'Browser shell' },
  'station.dataDir': { zh: '数据目录', en: 'Data folder' },
  'station.uptime': { zh: '已运行', en: 'Uptime' },
  'db.heading': { zh: '数据库', en: 'Databases' },
  'db.catalog': { zh: '课程缓存库', en: 'Course cache' },
  'db.ledger': { zh: '学时账本库', en: 'Learning-hours ledger' },
  'db.state.ok': { zh: '正常', en: 'Sound' },
  'db.state.rebuilt': {
    zh: '曾损坏，已重建（将从平台重新同步）',
    en: 'Was damaged; rebuilt empty (refills from the hub)',
  },
  'db.state.quarantined': { zh: '已损坏并隔离', en: 'Damaged and quarantined' },
  'db.schema': { zh: '结构版本', en: 'schema' },
  'health.heading': { zh: '运行检查', en: 'Health' },
  'health.status.ok': { zh: '一切正常', en: 'All good' },
  'health.status.degraded': { zh: '需要关注', en: 'Needs attention' },
  'health.status.blocked': { zh: '已停止记录学时', en: 'Recording stopped' },
  'health.check.catalog-db': { zh: '课程缓存', en: 'Course cache' },
  'health.check.ledger-db': { zh: '学时账本', en: 'Ledger' },
  'health.check.disk': { zh: '磁盘空间', en: 'Disk space' },
  'health.check.ledger-chain': { zh: '账本校验', en: 'Ledger verification' },
  'health.check.ledger-schema': { zh: '账本结构', en: 'Ledger structure' },
  'health.check.ledger-checkpoint': { zh: '账本检查点', en: 'Ledger checkpoint' },
  'health.check.ledger-write': { zh: '记录保存', en: 'Saving records' },
  'health.check.enrollment': { zh: '平台注册', en: 'Hub enrollment' },
  'health.reason.catalog-sound': { zh: '正常', en: 'Sound' },
  'health.reason.catalog-rebuilt': {
    zh: '曾损坏，已重建为空，将从平台重新同步',
    en: 'Was damaged; rebuilt empty, refills from the hub',
  },
  'health.reason.ledger-sound': { zh: '正常', en: 'Sound' },
  'health.reason.ledger-quarantined': {
    zh: '已损坏，原样移至 {movedTo}；恢复前不记录学时',
    en: 'Damaged; moved intact to {movedTo}. No hours are recorded until it is restored',
  },
  'health.reason.ledger-damaged': {
    zh: '后台完整性检查发现账本文件损坏（{problems}）；本站已停止记录，下次启动时将原样移至 {movedTo}，请联系技术员',
    en: 'The background integrity check found the ledger file damaged ({problems}); recording stopped, the next start moves it intact to {movedTo}. Call a technician',
  },
  'health.reason.ledger-schema-sound': { zh: '正常', en: 'Sound' },
  'health.reason.ledger-schema-repaired': {
    zh: '保护规则曾被删除或改动（{objects}），已按本软件的定义恢复，并已完整校验全部记录；请技术员查明原因',
    en: 'Protective rules had been removed or altered ({objects}); they are restored as this software defines them and every record was verified. A technician should find out why',
  },
  'health.reason.ledger-schema-mismatch': {
    zh: '数据表与本软件的定义不符（{objects}）；本站已停止记录，请联系技术员',
    en: "The tables differ from this software's definition ({objects}); recording stopped, call a technician",
  },
  'health.reason.ledger-chain-sound': {
    zh: '已校验全部 {events} 条记录，签名与哈希链完整',
    en: 'All {events} records verified: signatures and hash chain intact',
  },
  'health.reason.ledger-chain-checkpoint': {
    zh: '启动时校验了检查点之后的 {checked} 条记录（共 {events} 条）；完整校验稍后在后台进行',
    en: 'At start the {checked} records after the checkpoint were verified ({events} in all); the full check follows in the background',
  },
  'health.reason.ledger-chain-verifying': {
    zh: '正在后台完整校验：{checked} / {events} 条',
    en: 'Full check running in the background: {checked} of {events} records',
  },
  'health.reason.ledger-chain-broken': {
    zh: '第 {seq} 条记录校验失败（{problem}）；本站已停止记录，请联系技术员',
    en: 'Record {seq} fails verification ({problem}); recording stopped, call a technician',
  },
  'health.reason.ledger-checkpoint-invalid': {
    zh: '检查点文件未通过验证，已改为完整校验全部记录；请技术员查明原因',
    en: 'The checkpoint file did not verify; every record was checked instead. A technician should find out why',
  },
  'health.reason.ledger-checkpoint-missing': {
    zh: '检查点文件不见了，已改为完整校验全部记录；请技术员查明原因',
    en: 'The checkpoint file is gone; every record was checked instead. A technician should find out why',
  },
  'health.reason.ledger-write-ok': { zh: '正常', en: 'Sound' },
  'health.reason.ledger-write-failed': {
    zh: '本机无法安全保存记录，请联系技术员（{at} 磁盘写入失败，已停止记录）',
    en: 'This station cannot save records safely: call a technician (the disk failed to write at {at}; recording stopped)',
  },
  'health.reason.ledger-disk-full': {
    zh: '磁盘已满，本机无法安全保存记录，请联系技术员：至少需要 {needMb} MB 可用空间（现有 {freeMb} MB）',
    en: 'The disk is full; this station cannot save records safely. Call a technician: at least {needMb} MB must be free ({freeMb} MB now)',
  },
  'health.reason.ledger-write-reverifying': {
    zh: '磁盘已恢复（{at} 曾写入失败），正在重新校验账本，通过后恢复记录',
    en: 'The disk works again (it failed at {at}); the ledger is being checked and recording resumes once it passes',
  },
  'health.reason.ledger-write-resumed': {
    zh: '{at} 磁盘曾写入失败；重新校验账本通过后，已于 {resumedAt} 恢复记录。请技术员检查磁盘',
    en: 'The disk failed to write at {at}; after a full check of the ledger recording resumed at {resumedAt}. A technician should check the disk',
  },
  'health.reason.disk-ok': { zh: '剩余 {freeMb} MB', en: '{freeMb} MB free' },
  'health.reason.disk-low': { zh: '仅剩 {freeMb} MB，请清理磁盘', en: 'Only {freeMb} MB free: free up disk space' },
  'health.reason.enrollment-ok': { zh: '已注册到站点 {siteCode}', en: 'Enrolled with site {siteCode}' },
  'health.reason.enrollment-demo': { zh: '演示模式（本机内置平台）', en: 'Demo (the hub built into this PC)' },
  'health.reason.enrollment-unprovisioned': {
    zh: '尚未配置：请在技术员页面配置本机',
    en: 'Not provisioned: provision the station on the technician page',
  },
  'health.reason.enrollment-cloned': {
    zh: '本机硬盘是从另一台站点机复制来的：已停止记录。请在技术员页面用新的注册令牌作为新站点注册',
    en: 'This disk was copied from another station: recording stopped. Re-enroll as a new station with a new token on the technician page',
  },
  'health.reason.enrollment-refused': {
    zh: '平台 {hubUrl} 拒绝了站点 {siteCode} 的注册令牌（已用、过期或属于其他站点）：请在技术员页面用新令牌重新配置',
    en: 'The hub at {hubUrl} refused the enrollment token for site {siteCode} (used, expired or another site’s): provision again with a new token on the technician page',
  },
  'health.reason.enrollment-pending': {
    zh: '已配置站点 {siteCode}，尚未在平台 {hubUrl} 注册：首次联网时自动注册',
    en: 'Configured for site {siteCode}, not yet enrolled with {hubUrl}: it enrolls at its first contact',
  },
  'ledger.blocked.title': {
    zh: '学时账本已损坏，本站已停止记录考勤和学时',
    en: 'The learning-hours ledger is damaged; attendance and hours are not being recorded',
  },
  'ledger.blocked.body': {
    zh: '损坏的账本已原样移至：{movedTo}。已记录的数据没有删除。请联系技术员恢复后再上课签到。',
    en: 'The damaged ledger was moved, intact, to: {movedTo}. Nothing recorded was deleted. Call a technician to restore it before checking in.',
  },
  'ledger.blocked.action': {
    zh: '技术员：运行 npm run ledger-recovery -- status 查看恢复方法。',
    en: 'Technician: run npm run ledger-recovery -- status for the recovery steps.',
  },
  'ledger.disk.title': {
    zh: '本机无法安全保存记录，请联系技术员',
    en: 'This station cannot save records safely: call a technician',
  },
  'ledger.disk.failed': {
    zh: '{at} 磁盘写入失败，本站已停止记录考勤和学时。磁盘恢复后将重新校验账本，校验通过才恢复记录。',
    en: 'The disk failed to write at {at}; attendance and hours are not being recorded. Once the disk works again the ledger is checked, and recording resumes only if it passes.',
  },
  'ledger.disk.full': {
    zh: '{at} 磁盘已满，本站已停止记录考勤和学时。请腾出空间：至少需要 {needMb} MB 可用（现有 {freeMb} MB）。之后将重新校验账本再恢复记录。',
    en: 'The disk is full since {at}; attendance and hours are not being recorded. Free up space: at least {needMb} MB ({freeMb} MB now). The ledger is then checked before recording resumes.',
  },
  'ledger.disk.reverifying': {
    zh: '磁盘已恢复，正在重新校验账本，校验通过后恢复记录。',
    en: 'The disk works again; the ledger is being checked, recording resumes once it passes.',
  },
  'ledger.problem.sequence': {
    zh: '序号不连续，有记录被删除或插入',
    en: 'a gap in the sequence: a record was deleted or inserted',
  },
  'ledger.problem.station': { zh: '记录属于另一站点', en: 'it belongs to another station' },
  'ledger.problem.chain': {
    zh: '哈希链断开，记录被调换或删除',
    en: 'the hash chain breaks: records were swapped or removed',
  },
  'ledger.problem.hash': { zh: '内容被改动', en: 'its content was changed' },
  'ledger.problem.signature': { zh: '签名无效', en: 'its signature is invalid' },
  'ledger.problem.unreadable': { zh: '记录无法读取', en: 'it cannot be read' },
  'ledger.problem.truncated': {
    zh: '末尾的记录缺失（少于检查点或平台已确认的数量）',
    en: 'records are missing at the end (fewer than the checkpoint or the hub acknowledged)',
  },
  'ledger.problem.checkpoint': {
    zh: '与已校验的检查点不符，记录被改写或替换',
    en: 'it does not match the verified checkpoint: records were rewritten or replaced',
  },
  'ledger.broken.title': {
    zh: '学时账本校验失败，本站已停止记录考勤和学时',
    en: 'The learning-hours ledger failed verification; attendance and hours are not being recorded',
  },
  'ledger.broken.body': {
    zh: '第 {seq} 条记录未通过校验（{problem}）。已有记录未被删除。请联系技术员处理后再上课签到。',
    en: 'Record {seq} fails verification ({problem}). Nothing recorded was deleted. Call a technician before checking in.',
  },
} as const satisfies MessageTable;
