// Every string the renderer shows. zh-CN is the default; English must have every key
// (the type below makes a missing one a compile error).
const zhCN = {
  'app.title': '讲台',
  'app.subtitle': '远程教学站',
  'lang.switch': 'English',
  'lang.name': '中文',
  'home.loading': '正在连接本站……',
  'home.unreachable': '无法连接本站核心服务。请稍候，或联系技术员。',
  'home.noToken': '缺少访问令牌。请使用启动时打印的完整地址打开本页面。',
  'station.heading': '本站信息',
  'station.id': '站点编号',
  'station.unprovisioned': '未配置（尚未注册到省级平台）',
  'station.unprovisionedHint': '技术员完成注册后，本站将同步课程、学员名册和课表。',
  'station.version': '软件版本',
  'station.runtime': '运行方式',
  'station.runtime.electron': '桌面应用',
  'station.runtime.web': '浏览器模式',
  'station.dataDir': '数据目录',
  'station.uptime': '已运行',
  'db.heading': '数据库',
  'db.catalog': '课程缓存库',
  'db.ledger': '学时账本库',
  'db.state.ok': '正常',
  'db.state.rebuilt': '曾损坏，已重建（将从平台重新同步）',
  'db.state.quarantined': '已损坏并隔离',
  'db.schema': '结构版本',
  'health.heading': '运行检查',
  'health.status.ok': '一切正常',
  'health.status.degraded': '需要关注',
  'health.status.blocked': '已停止记录学时',
  'health.check.catalog-db': '课程缓存',
  'health.check.ledger-db': '学时账本',
  'health.check.disk': '磁盘空间',
  'ledger.blocked.title': '学时账本已损坏，本站已停止记录考勤和学时',
  'ledger.blocked.body': '损坏的账本已原样移至：{movedTo}。已记录的数据没有删除。请联系技术员恢复后再上课签到。',
  'ledger.blocked.action': '技术员：运行 npm run ledger-recovery -- status 查看恢复方法。',
  'duration.hms': '{h}小时{m}分{s}秒',
} as const;

export type MessageKey = keyof typeof zhCN;

const en: Record<MessageKey, string> = {
  'app.title': 'Lectern',
  'app.subtitle': 'Remote-teaching station',
  'lang.switch': '中文',
  'lang.name': 'English',
  'home.loading': 'Connecting to the station…',
  'home.unreachable': 'The station core does not answer. Please wait, or call a technician.',
  'home.noToken': 'The access token is missing. Open this page with the full address printed at start.',
  'station.heading': 'This station',
  'station.id': 'Station ID',
  'station.unprovisioned': 'Unprovisioned (not yet enrolled with the provincial hub)',
  'station.unprovisionedHint': 'Once a technician enrolls it, the station syncs courses, the roster and the schedule.',
  'station.version': 'Software version',
  'station.runtime': 'Runtime',
  'station.runtime.electron': 'Desktop app',
  'station.runtime.web': 'Browser shell',
  'station.dataDir': 'Data folder',
  'station.uptime': 'Uptime',
  'db.heading': 'Databases',
  'db.catalog': 'Course cache',
  'db.ledger': 'Learning-hours ledger',
  'db.state.ok': 'Sound',
  'db.state.rebuilt': 'Was damaged; rebuilt empty (refills from the hub)',
  'db.state.quarantined': 'Damaged and quarantined',
  'db.schema': 'schema',
  'health.heading': 'Health',
  'health.status.ok': 'All good',
  'health.status.degraded': 'Needs attention',
  'health.status.blocked': 'Recording stopped',
  'health.check.catalog-db': 'Course cache',
  'health.check.ledger-db': 'Ledger',
  'health.check.disk': 'Disk space',
  'ledger.blocked.title': 'The learning-hours ledger is damaged; attendance and hours are not being recorded',
  'ledger.blocked.body': 'The damaged ledger was moved, intact, to: {movedTo}. Nothing recorded was deleted. Call a technician to restore it before checking in.',
  'ledger.blocked.action': 'Technician: run npm run ledger-recovery -- status for the recovery steps.',
  'duration.hms': '{h} h {m} min {s} s',
};

export const LOCALES = { 'zh-CN': zhCN, en } as const;
export type Locale = keyof typeof LOCALES;

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template: string = LOCALES[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
