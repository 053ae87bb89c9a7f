// Attendance on the home screen: taps, the learner's summary, self-study, attention checks, refusals.
import type { MessageTable } from './message-table.ts';

export const classroomMessages = {
  'classroom.state.ready': { zh: '可以刷卡签到', en: 'Ready for card check-in' },
  'classroom.state.not_enrolled': {
    zh: '本站尚未注册，暂不能记录考勤',
    en: 'This station is not enrolled yet; attendance cannot be recorded',
  },
  'classroom.state.ledger_quarantined': {
    zh: '学时账本已隔离，暂停记录考勤',
    en: 'The ledger is quarantined; attendance is not recorded',
  },
  'classroom.state.ledger_broken': {
    zh: '学时账本校验失败，暂停记录考勤',
    en: 'The ledger failed verification; attendance is not recorded',
  },
  'classroom.state.ledger_stopped': {
    zh: '本机暂时无法安全保存记录，暂停记录考勤',
    en: 'This PC cannot save records safely right now; attendance is not recorded',
  },
  'demo.heading': { zh: '模拟刷卡（演示模式）', en: 'Simulated card taps (demo)' },
  'demo.hint': {
    zh: '本站连接的是内置演示平台。点击姓名模拟该学员在读卡器上刷卡。',
    en: "This station uses the built-in demo hub. Press a name to tap that learner's card.",
  },
  'demo.unregistered': { zh: '未登记的卡', en: 'Unregistered card' },
  'tap.checked_in': { zh: '签到成功', en: 'Checked in' },
  'tap.ignored': { zh: '刚才已记录，无需重复刷卡', en: 'Already recorded a moment ago' },
  'tap.checked_out': { zh: '签退成功', en: 'Checked out' },
  'tap.identified': { zh: '身份已确认', en: 'Identified' },
  'tap.attention_passed': { zh: '已确认在学', en: 'Presence confirmed' },
  'tap.self_study_ended': { zh: '自学已结束', en: 'Self-study ended' },
  'tap.unknown_card': { zh: '卡片未登记', en: 'Card not registered' },
  'tap.unknownHint': {
    zh: '卡号 {masked}，待平台确认。请联系班级管理员补签。',
    en: 'Card {masked}, awaiting confirmation by the hub. Ask the organiser to check you in.',
  },
  'tap.failed': { zh: '刷卡未能记录：{message}', en: 'The tap was not recorded: {message}' },
  'tap.class': { zh: '班次：{title}', en: 'Class: {title}' },
  'tap.startSelfStudy': { zh: '开始自学', en: 'Start self-study' },
  'tap.close': { zh: '关闭', en: 'Close' },
  'summary.heading': { zh: '{year} 年度学时', en: 'Learning hours {year}' },
  'summary.hours': { zh: '已获 {counted} / 目标 {target} 学时', en: '{counted} of {target} hours' },
  'summary.detail': {
    zh: '面授 {classroom} 学时 · 网络 {online} 学时（计入 {onlineCounted}）',
    en: 'Classroom {classroom} h · online {online} h ({onlineCounted} counted)',
  },
  'summary.met': { zh: '已完成年度学时目标', en: 'Annual target met' },
  'summary.level.county_division': { zh: '县处级', en: 'County/division level' },
  'summary.level.section_below': { zh: '科级及以下', en: 'Section level and below' },
  'selfStudy.banner': { zh: '{name} 正在自学', en: '{name} is studying' },
  'attention.title': { zh: '请确认您仍在学习', en: 'Are you still studying?' },
  'attention.body': {
    zh: '请在 {seconds} 秒内点击下方按钮或刷卡。',
    en: 'Press the button below or tap your card within {seconds} seconds.',
  },
  'attention.missed': {
    zh: '未及时确认，学时已暂停计算。点击按钮或刷卡即可继续。',
    en: 'Not confirmed in time; hours are paused. Press the button or tap your card to continue.',
  },
  'attention.answer': { zh: '我在学习', en: 'I am here' },
  'refused.pin_wrong': { zh: 'PIN 不正确', en: 'Wrong PIN' },
  'refused.pin_locked': {
    zh: '此账户错误次数过多，已暂时锁定，请稍后再试（每次错误后等待时间加倍）',
    en: 'Too many wrong PINs for this account; it is locked for a while (the wait doubles with each wrong PIN)',
  },
  'refused.organiser_pin_not_set': {
    zh: '您尚未设置管理员 PIN：请联系省级平台或技术员',
    en: 'You have no organiser PIN yet: ask the provincial hub or the technician',
  },
  'refused.no_such_session': { zh: '找不到该班次', en: 'No such class' },
  'refused.session_closed': { zh: '该班次已结束', en: 'The class is closed' },
  'refused.no_such_schedule': { zh: '课表中没有该班次', en: 'The schedule has no such class' },
  'refused.schedule_ended': {
    zh: '该班次的时间已过，不能再开班',
    en: 'This class is already over and cannot be opened',
  },
  'refused.unknown_learner': { zh: '名册中没有该学员', en: 'The learner is not on the roster' },
  'refused.already_present': { zh: '该学员已在场', en: 'The learner is already present' },
  'refused.station_busy': { zh: '本站已有人在自学', en: 'Someone is already studying at this station' },
  'refused.tap_expired': { zh: '刷卡已超时，请重新刷卡', en: 'The tap is too old; please tap again' },
  'refused.organiser_session_expired': {
    zh: '管理会话已结束，请重新输入 PIN',
    en: 'The organiser session ended; enter the PIN again',
  },
} as const satisfies MessageTable;
