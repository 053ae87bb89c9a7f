// The course library, the player, offline media and storage.
import type { MessageTable } from './message-table.ts';

export const libraryMessages = {
  'library.searchPlaceholder': {
    zh: '搜索课程、讲师、分类或拼音首字母（如 dsxx）',
    en: 'Search courses, teachers, categories or pinyin initials (e.g. dsxx)',
  },
  'library.categories': { zh: '课程分类', en: 'Categories' },
  'library.empty': {
    zh: '课程库还是空的：本站尚未从省级平台同步课程。',
    en: 'The library is empty: the station has not synced courses from the hub yet.',
  },
  'library.error': { zh: '课程库暂时无法打开：{message}', en: 'The library cannot be opened right now: {message}' },
  'library.noHits': { zh: '没有找到与“{query}”相关的课程', en: 'No course matches “{query}”' },
  'library.inCourse': { zh: '属于《{course}》', en: 'in “{course}”' },
  'library.courseLine': {
    zh: '{teacher} · {lessons} 讲 · {hours} 学时',
    en: '{teacher} · {lessons} lessons · {hours} h',
  },
  'library.lessonLine': { zh: '{teacher} · {minutes} 分钟', en: '{teacher} · {minutes} min' },
  'storage.label': { zh: '本机存储', en: 'Storage' },
  'storage.detail': {
    zh: '已用 {used} / 配额 {quota}，磁盘剩余 {free}',
    en: '{used} used of {quota} quota, {free} free on disk',
  },
  'media.state.unpublished': { zh: '平台尚未发布视频', en: 'No video published yet' },
  'media.state.not-cached': { zh: '未缓存', en: 'Not cached' },
  'media.queued.slot': { zh: '排队等待下载', en: 'Queued' },
  'media.queued.window': { zh: '等待夜间下载时段', en: 'Waiting for the download hours' },
  'media.queued.retry': { zh: '连不上平台，稍后自动重试', en: 'Hub unreachable; retrying shortly' },
  'media.state.ready': { zh: '已缓存，可离线播放', en: 'Cached, plays offline' },
  'media.downloading': {
    zh: '下载中 {percent}% · {speed} · 约 {eta} 秒',
    en: 'Downloading {percent}% · {speed} · about {eta} s left',
  },
  'media.failed': { zh: '下载失败：{reason}', en: 'Download failed: {reason}' },
  'media.failure.hub-unreachable': { zh: '连不上省级平台', en: 'the hub is unreachable' },
  'media.failure.hub-refused': { zh: '平台拒绝了请求', en: 'the hub refused the request' },
  'media.failure.checksum-mismatch': {
    zh: '文件校验不符，已删除并将重新下载',
    en: 'checksum mismatch; the file was removed and will be fetched again',
  },
  'media.failure.disk-full': { zh: '磁盘空间不足', en: 'the disk is full' },
  'media.failure.quota-reached': { zh: '已达到缓存配额', en: 'the cache quota is reached' },
  'media.failure.range-not-satisfiable': { zh: '续传位置无效，将从头下载', en: 'invalid resume point; starting over' },
  'media.failure.other': { zh: '其他错误', en: 'another error' },
  'media.play': { zh: '播放', en: 'Play' },
  'media.download': { zh: '下载', en: 'Download' },
  'media.pin': { zh: '固定离线', en: 'Keep offline' },
  'media.unpin': { zh: '取消固定', en: 'Unpin' },
} as const satisfies MessageTable;
