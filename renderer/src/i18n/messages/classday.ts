// A classroom day: the room's home screen, forgiving taps, live hours on the class screen,
// corrections, history and period reports, 我的学时, the self-study summary, the on-screen
// keypad, and the wording of every error code a screen can meet (the station's, the hub's).
import type { MessageTable } from './message-table.ts';

export const classdayMessages = {
  'room.current': { zh: '正在上课', en: 'In class now' },
  'room.next': { zh: '下一节课', en: 'Next class' },
  'room.none': { zh: '今天没有安排的课程', en: 'No class is scheduled today' },
  'room.time': { zh: '{start}–{end}', en: '{start}–{end}' },
  'room.since': { zh: '{start} 开始', en: 'since {start}' },
  'room.lecturer': { zh: '主讲：{name}', en: 'Lecturer: {name}' },
  'room.tapPrompt': { zh: '请刷卡签到', en: 'Tap your card to check in' },
  'room.tapPromptIdle': { zh: '刷卡查看本人学时或开始自学', en: 'Tap your card for your hours or to study' },

  'tap.already_checked_in': { zh: '您已签到，无需重复刷卡', en: 'You are already checked in' },
  'tap.confirm_check_out': {
    zh: '现在签退将提前离开。如确需签退，请在一分钟内再刷一次卡',
    en: 'Checking out this early? Tap again within a minute to confirm',
  },
  'tap.station_busy': {
    zh: '本机正在进行自学，请稍后再来',
    en: 'Someone is studying at this station; please come back later',
  },
  'tap.myHours': { zh: '我的学时', en: 'My hours' },
  'tap.studySummary': {
    zh: '本次自学 {present} 分钟，计入 {credited} 分钟，获得 {hours} 学时（暂计）',
    en: 'This session: {present} min, {credited} min counted, {hours} h earned (provisional)',
  },

  'myHours.title': { zh: '{year} 年我的学时', en: 'My hours in {year}' },
  'myHours.empty': { zh: '今年在本机还没有学习记录', en: 'No sessions at this station this year' },
  'myHours.date': { zh: '日期', en: 'Date' },
  'myHours.session': { zh: '课程', en: 'Session' },
  'myHours.mode': { zh: '类型', en: 'Kind' },
  'myHours.mode.class': { zh: '面授', en: 'Classroom' },
  'myHours.mode.self_study': { zh: '网络自学', en: 'Online' },
  'myHours.credited': { zh: '计入分钟', en: 'Minutes' },
  'myHours.hours': { zh: '学时', en: 'Hours' },
  'myHours.note': {
    zh: '本机暂计，以省级平台核定为准；网络学时计入不超过年度目标的 40%。',
    en: "Provisional; the provincial hub's count is final. Online hours count up to 40% of the target.",
  },

  'selfStudy.playing': { zh: '正在学习：{title}', en: 'Studying: {title}' },
  'selfStudy.choose': { zh: '请在课程库中选择课程', en: 'Pick a course in the library' },
  'selfStudy.endHint': { zh: '结束时请刷本人卡', en: 'Tap your own card to finish' },

  'live.played': { zh: '已播放 {minutes} 分钟', en: '{minutes} min played' },
  'live.noPlayback': {
    zh: '尚未播放课程，学员不计学时',
    en: 'No lecture has played: learners earn no hours',
  },
  'live.noPlaybackFor': {
    zh: '已有 {minutes} 分钟未播放课程，学员不计学时',
    en: 'Nothing has played for {minutes} min: learners earn no hours',
  },
  'live.provisional': { zh: '学时为本机暂计', en: 'Hours are provisional' },
  'attendance.in': { zh: '签到', en: 'In' },
  'attendance.out': { zh: '签退', en: 'Out' },
  'attendance.presentMinutes': { zh: '在场(分)', en: 'Present (min)' },
  'attendance.creditedMinutes': { zh: '计入(分)', en: 'Counted (min)' },
  'attendance.hours': { zh: '学时', en: 'Hours' },
  'attendance.actions': { zh: '操作', en: 'Actions' },
  'attendance.final': { zh: '到课 {attended} 人', en: '{attended} attended' },
  'attendance.stayed': { zh: '在场至结束', en: 'Stayed to the end' },
  'attendance.left_early': { zh: '早退', en: 'Left early' },
  'attendance.earlyLeave': { zh: '早退', en: 'Left early' },
  'attendance.undo': { zh: '撤销签退', en: 'Undo check-out' },
  'attendance.closedNote': {
    zh: '本班已结束，以下为最终考勤；未签退者计至课程结束。',
    en: 'This class is closed: final attendance; those who did not check out count to the end.',
  },
  'correction.earlyTitle': { zh: '登记早退：{name}', en: 'Left early: {name}' },
  'correction.undoTitle': { zh: '撤销签退：{name}', en: 'Undo the check-out: {name}' },
  'correction.reason': { zh: '原因（记入操作记录）', en: 'Reason (kept in the audit trail)' },
  'correction.earlyPlaceholder': { zh: '如：单位有急事、身体不适', en: 'e.g. called away, unwell' },
  'correction.undoPlaceholder': { zh: '如：误刷卡', en: 'e.g. tapped by mistake' },
  'correction.confirm': { zh: '确认', en: 'Confirm' },
  'correction.cancel': { zh: '取消', en: 'Cancel' },
  'correction.reasonShort': { zh: '请填写原因（至少 2 个字）', en: 'Give a reason (at least 2 characters)' },
  'manual.search': { zh: '按姓名、单位或拼音首字母查找', en: 'Find by name, unit or pinyin initials' },
  'manual.matches': { zh: '找到 {count} 人', en: '{count} found' },
  'manual.chosen': { zh: '已选：{name}', en: 'Chosen: {name}' },
  'manual.noMatch': { zh: '没有符合的未到学员', en: 'No absent learner matches' },
  'manual.chooseFirst': { zh: '请先选择学员', en: 'Choose a learner first' },
  'organiser.titleRequired': { zh: '请填写班次名称', en: 'Give the class a title' },

  'history.title': { zh: '历史班次与报表', en: 'Past classes and reports' },
  'history.from': { zh: '从', en: 'From' },
  'history.to': { zh: '到', en: 'To' },
  'history.show': { zh: '查询', en: 'Show' },
  'history.empty': { zh: '这段时间没有班次', en: 'No classes in this period' },
  'history.line': {
    zh: '{date} · 到课 {attended} 人 · 播放 {played} 分钟 · 共 {hours} 学时',
    en: '{date} · {attended} attended · {played} min played · {hours} h in all',
  },
  'history.exportCsv': { zh: '导出该时段 CSV', en: 'Export period as CSV' },
  'history.exportXlsx': { zh: '导出该时段 Excel', en: 'Export period as Excel' },
  'history.badRange': {
    zh: '日期范围不正确（开始不能晚于结束，最长一年）',
    en: 'The period is not valid (start after end, or longer than a year)',
  },
  'history.lastWeek': { zh: '近 7 天', en: 'Last 7 days' },
  'history.thisMonth': { zh: '本月', en: 'This month' },
  'history.thisYear': { zh: '今年', en: 'This year' },

  'report.time': { zh: '时间', en: 'Time' },
  'report.site': { zh: '地点', en: 'Site' },
  'report.organiser': { zh: '组织者', en: 'Organiser' },
  'report.played': { zh: '课程播放 {minutes} 分钟', en: 'Lecture played {minutes} min' },

  'keypad.open': { zh: '屏幕键盘', en: 'On-screen keys' },
  'keypad.close': { zh: '收起键盘', en: 'Hide keys' },
  'keypad.backspace': { zh: '退格', en: 'Delete' },
  'keypad.clear': { zh: '清空', en: 'Clear' },
  'keypad.space': { zh: '空格', en: 'Space' },
  'keypad.done': { zh: '完成', en: 'Done' },

  'refused.not_present': { zh: '该学员当前不在场', en: 'The learner is not checked in' },
  'refused.not_checked_out': { zh: '该学员没有可撤销的签退', en: 'The learner has no check-out to undo' },

  'error.VALIDATION': {
    zh: '填写的内容不符合要求，请检查后重试',
    en: 'Something entered is not valid; check it and try again',
  },
  'error.UNKNOWN_CHANNEL': {
    zh: '本机程序版本不一致，请联系技术员',
    en: 'The station software does not match; call a technician',
  },
  'error.UNAUTHORIZED': {
    zh: '本页面未获授权，请用启动时打印的完整地址重新打开',
    en: 'This page is not authorised; open it again with the full address printed at start',
  },
  'error.INTERNAL': {
    zh: '本机内部出错，请重试；如反复出现请联系技术员',
    en: 'An internal error occurred; try again, and call a technician if it repeats',
  },
  'error.unknown': {
    zh: '操作未能完成，请重试；如反复出现请联系技术员',
    en: 'That did not work; try again, and call a technician if it repeats',
  },
} as const satisfies MessageTable;
