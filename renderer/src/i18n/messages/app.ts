// The frame of every screen: title, navigation, language, connection and fault notices, generic errors.
import type { MessageTable } from './message-table.ts';

export const appMessages = {
  'app.title': { zh: '讲台', en: 'Lectern' },
  'app.subtitle': { zh: '远程教学站', en: 'Remote-teaching station' },
  'lang.switch': { zh: 'English', en: '中文' },
  'lang.name': { zh: '中文', en: 'English' },
  'home.loading': { zh: '正在连接本站……', en: 'Connecting to the station…' },
  'home.unreachable': {
    zh: '无法连接本站核心服务。请稍候，或联系技术员。',
    en: 'The station core does not answer. Please wait, or call a technician.',
  },
  'home.noToken': {
    zh: '缺少访问令牌。请使用启动时打印的完整地址打开本页面。',
    en: 'The access token is missing. Open this page with the full address printed at start.',
  },
  'duration.hms': { zh: '{h}小时{m}分{s}秒', en: '{h} h {m} min {s} s' },
  'nav.home': { zh: '首页', en: 'Home' },
  'nav.library': { zh: '课程库', en: 'Library' },
  'nav.back': { zh: '返回', en: 'Back' },
  'nav.organiser': { zh: '班级管理', en: 'Class admin' },
  'nav.technician': { zh: '技术员', en: 'Technician' },
  'error.LEDGER_UNAVAILABLE': {
    zh: '本站暂不能记录考勤（学时账本需要技术员处理，或本站尚未注册）',
    en: 'Attendance cannot be recorded now (the ledger needs a technician, or the station is not enrolled)',
  },
  'error.LEDGER_WRITE_FAILED': {
    zh: '本机无法安全保存记录，请联系技术员',
    en: 'This station cannot save records safely: call a technician',
  },
  'error.LEDGER_DISK_FULL': {
    zh: '磁盘已满，本机无法安全保存记录，请联系技术员',
    en: 'The disk is full; this station cannot save records safely: call a technician',
  },
  'fault.recovered': {
    zh: '讲台程序刚才多次出现故障，已自动重新启动。已记录的考勤和学时不受影响。如反复出现，请联系技术员。',
    en: 'The station screen failed several times and was restarted. Recorded attendance and hours are not affected. If this keeps happening, call a technician.',
  },
} as const satisfies MessageTable;
