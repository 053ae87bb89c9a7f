// The link to the provincial hub: its status on the home screen and the technician's page,
// what the hub refused and why, enrolling again, and the ledger's export.
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
    zh: '平台拒绝了本站，需要技术员处理',
    en: 'The hub refused this station; a technician must act',
  },
  'sync.state.revoked': {
    zh: '本机密钥已被平台吊销，已停止上传',
    en: 'The hub revoked this station’s key; uploads stopped',
  },
  'sync.state.error': { zh: '同步出错', en: 'Sync error' },
  'sync.lastSuccess': { zh: '上次同步', en: 'Last sync' },
  'sync.never': { zh: '从未', en: 'never' },
  'sync.counts': {
    zh: '{courses} 门课程 · {lessons} 讲 · {learners} 名学员 · {classes} 个班次',
    en: '{courses} courses · {lessons} lessons · {learners} learners · {classes} classes',
  },

  // The home screen's one line.
  'link.online': { zh: '已连接省级平台', en: 'Connected to the hub' },
  'link.offline': { zh: '未连上省级平台（{time} 尝试）', en: 'Hub not reached (tried {time})' },
  'link.revoked': { zh: '本机已被平台停用，请联系技术员', en: 'The hub disabled this station: call a technician' },
  'link.starting': { zh: '正在连接省级平台……', en: 'Connecting to the hub…' },
  'link.lastSync': { zh: '上次同步 {time}', en: 'last sync {time}' },
  'link.neverSynced': { zh: '尚未同步', en: 'not synced yet' },
  'link.waiting': { zh: '{count} 条记录待上传', en: '{count} records to upload' },
  'link.allSent': { zh: '记录已全部上传', en: 'all records uploaded' },

  // The technician's sync section.
  'sync.row.hub': { zh: '平台地址', en: 'Hub address' },
  'sync.row.link': { zh: '连接', en: 'Link' },
  'sync.row.online': { zh: '在线（{time} 最近一次尝试）', en: 'online (last attempt {time})' },
  'sync.row.offline': { zh: '离线（{time} 最近一次尝试）', en: 'offline (last attempt {time})' },
  'sync.row.untried': { zh: '尚未尝试', en: 'not tried yet' },
  'sync.row.lastSuccess': { zh: '上次成功同步', en: 'Last successful sync' },
  'sync.row.moved': {
    zh: '{time}，上传 {pushed} 条记录，更新 {pulled} 项目录',
    en: '{time}: {pushed} records up, {pulled} catalogue items down',
  },
  'sync.row.next': { zh: '下次自动同步', en: 'Next automatic sync' },
  'sync.row.noNext': { zh: '不再自动同步（需要技术员处理）', en: 'none (a technician must act)' },
  'sync.row.running': { zh: '正在同步', en: 'under way' },
  'sync.row.pendingEvents': { zh: '待上传记录', en: 'Records to upload' },
  'sync.row.pendingDownloads': { zh: '待下载课件', en: 'Lessons to download' },
  'sync.row.backup': { zh: '最近备份', en: 'Newest backup' },
  'sync.row.backupValue': { zh: '{time}（{events} 条记录，已校验）', en: '{time} ({events} records, verified)' },
  'sync.row.noBackup': { zh: '尚无备份', en: 'none yet' },
  'sync.now': { zh: '立即同步', en: 'Sync now' },
  'sync.progress.connect': { zh: '正在连接平台……', en: 'Reaching the hub…' },
  'sync.progress.push': { zh: '正在上传记录：{done} / {total}', en: 'Uploading records: {done} / {total}' },
  'sync.progress.heartbeat': { zh: '正在报告本机状态……', en: 'Reporting station health…' },
  'sync.progress.pull': { zh: '正在更新课程目录：{done} 项', en: 'Updating the catalogue: {done} items' },
  'sync.lastError': { zh: '最近一次出错：{reason}', en: 'Last error: {reason}' },

  'sync.error.connection_refused': {
    zh: '平台拒绝连接（平台未运行或地址、端口有误）',
    en: 'connection refused (hub down, or wrong address or port)',
  },
  'sync.error.connection_lost': { zh: '连接中途断开', en: 'the connection broke off' },
  'sync.error.dns': {
    zh: '平台地址无法解析（检查地址和 DNS）',
    en: 'the hub’s name does not resolve (check the address and DNS)',
  },
  'sync.error.timeout': { zh: '平台长时间无应答', en: 'no answer in time' },
  'sync.error.tls': {
    zh: '平台证书不受信任（检查地址、本机时间和证书）',
    en: 'the hub’s certificate is not trusted (check the address, clock and certificate)',
  },
  'sync.error.network': { zh: '网络连接失败', en: 'the network connection failed' },
  'sync.error.untrusted': {
    zh: '应答不是本站所注册的平台签发的（可能被代理或登录页拦截）',
    en: 'the answer was not signed by this station’s hub (a proxy or login page may be in the way)',
  },
  'sync.error.bad_answer': { zh: '平台的应答不符合协议', en: 'the hub’s answer does not follow the protocol' },
  'sync.error.hub_error': { zh: '平台内部出错，稍后自动重试', en: 'the hub failed; retrying later' },
  'sync.error.internal': { zh: '平台或本机内部出错', en: 'an internal error on the hub or this station' },
  'sync.error.hub_busy': { zh: '平台繁忙，按平台要求稍后重试', en: 'the hub is busy; retrying when it says' },
  'sync.error.station_busy': {
    zh: '平台仍在处理本机上一批记录',
    en: 'the hub is still working on this station’s last batch',
  },
  'sync.error.station_revoked': { zh: '本机密钥已被平台吊销', en: 'the hub revoked this station’s key' },
  'sync.error.station_unknown': {
    zh: '平台不认识本机（可能换了平台）',
    en: 'the hub does not know this station (another hub?)',
  },
  'sync.error.auth_bad_signature': {
    zh: '平台不认可本机的签名（密钥不符）',
    en: 'the hub does not accept this station’s signature (key mismatch)',
  },
  'sync.error.ledger_unavailable': {
    zh: '学时记录库已隔离，暂不联系平台',
    en: 'the ledger is quarantined; the hub is not contacted',
  },
  'sync.error.unreachable': { zh: '连不上平台', en: 'the hub cannot be reached' },
  'sync.error.auth_stale_timestamp': {
    zh: '本机时钟与平台相差过大，请校准时间',
    en: 'this PC’s clock is too far from the hub’s; set the time',
  },
  'sync.error.refused': { zh: '平台拒绝了本机的请求', en: 'the hub refused the request' },
  'sync.error.other': { zh: '同步失败（代码 {code}）', en: 'sync failed (code {code})' },

  'sync.quarantine.heading': { zh: '平台拒收的记录（{count} 条）', en: 'Records the hub holds apart ({count})' },
  'sync.quarantine.none': { zh: '没有被平台拒收的记录', en: 'The hub refused no record' },
  'sync.quarantine.hint': {
    zh: '这些记录保存在本机和平台，不计入学时，也不会阻塞后面的记录。请把情况报告平台管理员。',
    en: 'Kept on this station and at the hub, not counted, and not holding up later records. Report them to the hub’s administrator.',
  },
  'sync.quarantine.row': { zh: '第 {seq} 条（{type}）：{reason}', en: 'No. {seq} ({type}): {reason}' },
  'sync.eventType.session.opened': { zh: '开班', en: 'class opened' },
  'sync.eventType.session.closed': { zh: '结班', en: 'class closed' },
  'sync.eventType.check_in': { zh: '刷卡签到', en: 'card check-in' },
  'sync.eventType.check_in.manual': { zh: '手工签到', en: 'manual check-in' },
  'sync.eventType.check_out': { zh: '签退', en: 'check-out' },
  'sync.eventType.check_in.unknown_card': { zh: '未登记卡签到', en: 'unknown card in' },
  'sync.eventType.check_out.unknown_card': { zh: '未登记卡签退', en: 'unknown card out' },
  'sync.eventType.playback.segment': { zh: '播放记录', en: 'playback' },
  'sync.eventType.attention.passed': { zh: '在场确认', en: 'attention passed' },
  'sync.eventType.attention.missed': { zh: '未确认在场', en: 'attention missed' },
  'sync.eventType.correction': { zh: '更正', en: 'correction' },
  'sync.eventType.other': { zh: '{type}', en: '{type}' },
  'sync.rejected.invalid_request': {
    zh: '记录格式不符合平台要求',
    en: 'the record’s form is not what the hub accepts',
  },
  'sync.rejected.unknown_field': {
    zh: '记录含有平台不认识的内容（版本不一致）',
    en: 'the record has fields the hub does not know (version mismatch)',
  },
  'sync.rejected.station_mismatch': { zh: '记录标注的是其他站点', en: 'the record names another station' },
  'sync.rejected.event_bad_hash': {
    zh: '记录内容与其哈希值不符（记录已损坏或被改动）',
    en: 'the record does not match its hash (damaged or altered)',
  },
  'sync.rejected.event_bad_signature': {
    zh: '记录的签名无效（不是本机密钥签署的）',
    en: 'the record’s signature is not this station’s',
  },
  'sync.rejected.chain_broken': {
    zh: '记录与前一条记录衔接不上',
    en: 'the record does not chain to the one before it',
  },
  'sync.rejected.id_conflict': {
    zh: '平台已有同一编号的另一条记录',
    en: 'the hub holds this record’s id at another place',
  },
  'sync.rejected.other': { zh: '平台拒收（{code}）', en: 'refused by the hub ({code})' },

  'sync.conflicts.heading': {
    zh: '与平台不一致的记录（{count} 条）',
    en: 'Records that differ from the hub’s ({count})',
  },
  'sync.conflicts.hint': {
    zh: '平台在相同序号上保存着另一条记录。两边都已保留，请联系平台管理员核对。',
    en: 'The hub holds another record at the same number. Both are kept; ask the hub’s administrator to compare them.',
  },
  'sync.conflicts.row': { zh: '第 {seq} 条：{reason}', en: 'No. {seq}: {reason}' },
  'sync.conflict.id_hash_differs': { zh: '同一编号、内容不同', en: 'same id, different content' },
  'sync.conflict.seq_taken': { zh: '该序号上平台已有另一条记录', en: 'the hub holds another record at this number' },
  'sync.hubAhead': {
    zh: '平台已保存到第 {hubSeq} 条，而本机只有 {headSeq} 条：本机记录库可能是从较早的备份恢复的。请联系平台管理员。',
    en: 'The hub holds records up to No. {hubSeq} but this station only {headSeq}: its ledger may have been restored from an older copy. Call the hub’s administrator.',
  },

  'sync.reenroll.heading': { zh: '重新注册本机', en: 'Enroll this station again' },
  'sync.reenroll.hint': {
    zh: '向平台管理员索取一次性注册码并输入。本机生成新密钥，记录库保持不变，平台会把新旧密钥关联起来，随后自动补传记录。',
    en: 'Ask the hub’s administrator for a one-time enrollment token. The station makes a new key, keeps its ledger, the hub links the two keys, and the waiting records go up.',
  },
  'sync.reenroll.token': { zh: '一次性注册码', en: 'One-time token' },
  'sync.reenroll.submit': { zh: '重新注册', en: 'Enroll again' },
  'sync.reenroll.done': { zh: '已重新注册，正在补传记录', en: 'Enrolled again; uploading the waiting records' },

  'sync.export.heading': { zh: '导出学时记录', en: 'Export the ledger' },
  'sync.export.hint': {
    zh: '长期离线时，把记录库复制到 U 盘，交给平台管理员导入。',
    en: 'For a station offline for long: copy the ledger to a USB drive for the hub’s administrator to import.',
  },
  'sync.export.target': { zh: 'U 盘目录', en: 'Folder on the drive' },
  'sync.export.submit': { zh: '导出', en: 'Export' },
  'sync.export.done': { zh: '已导出 {events} 条记录到 {folder}', en: '{events} records exported to {folder}' },

  'refused.not_enrolled': { zh: '本机尚未注册，无需重新注册', en: 'This station is not enrolled yet' },
  'refused.token_invalid': { zh: '注册码无效、已使用或已过期', en: 'The token is wrong, used or expired' },
  'refused.hub_unreachable': {
    zh: '连不上平台，请网络恢复后再试',
    en: 'The hub cannot be reached; try when the network is back',
  },
  'refused.reenroll_refused': {
    zh: '平台拒绝关联新密钥，请联系平台管理员',
    en: 'The hub refused to link the new key; call its administrator',
  },
  'refused.ledger_unavailable': { zh: '学时记录库已隔离，请先恢复', en: 'The ledger is quarantined; restore it first' },
  'refused.export_target_invalid': {
    zh: '该目录不存在或无法写入',
    en: 'That folder does not exist or cannot be written',
  },
} as const satisfies MessageTable;
