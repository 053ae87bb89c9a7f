// The link to the provincial hub.
import type { MessageTable } from './message-table.ts';

export const syncMessages = {
  'sync.heading': { zh: '省级平台', en: 'Provincial hub' },
  'sync.mode.demo': { zh: '演示平台（本机内置）', en: 'Demo hub (built in)' },
  'sync.mode.configured': { zh: '省级平台', en: 'Provincial hub' },
  'sync.mode.none': { zh: '未连接', en: 'Not connected' },
  'sync.state.idle': { zh: '已同步', en: 'Up to date' },
  'sync.state.syncing': { zh: '正在同步……', en: 'Syncing…' },
  'sync.state.offline': { zh: '网络不通，离线工作中', en: 'Network down, working offline' },
  'sync.state.refused': {
    zh: '平台拒绝了本站（密钥可能已被吊销）',
    en: 'The hub refused this station (its key may be revoked)',
  },
  'sync.state.error': { zh: '同步出错', en: 'Sync error' },
  'sync.lastSuccess': { zh: '上次同步', en: 'Last sync' },
  'sync.never': { zh: '从未', en: 'never' },
  'sync.counts': {
    zh: '{courses} 门课程 · {lessons} 讲 · {learners} 名学员 · {classes} 个班次',
    en: '{courses} courses · {lessons} lessons · {learners} learners · {classes} classes',
  },
} as const satisfies MessageTable;
