// What a technician reads when provisioning goes wrong, by stable code: the provisioning
// command prints these, and the first-run wizard's words (renderer/src/i18n) include them,
// so the screen and the terminal say the same thing. Chinese first, English beside it.
export const PROVISION_FIELD_LABELS = {
  hubUrl: { zh: '平台地址', en: 'hub address' },
  siteCode: { zh: '站点代码', en: 'site code' },
  enrollmentToken: { zh: '注册令牌', en: 'enrollment token' },
  classroomName: { zh: '教室名称', en: 'classroom name' },
  technicianPin: { zh: '技术员 PIN', en: 'technician PIN' },
  kioskPort: { zh: '本机端口', en: 'kiosk port' },
} as const;
export type ProvisionField = keyof typeof PROVISION_FIELD_LABELS;

export const PROVISION_MESSAGES = {
  'provision.field_missing': { zh: '缺少字段 {field}（{label}）', en: 'Field {field} ({label}) is missing' },
  'provision.field_invalid': {
    zh: '字段 {field}（{label}）无效：{detail}',
    en: 'Field {field} ({label}) is invalid: {detail}',
  },
  'provision.field_unknown': { zh: '未知字段 {field}', en: 'Unknown field {field}' },
  'provision.file_unreadable': { zh: '无法读取配置文件 {file}', en: 'Cannot read the provisioning file {file}' },
  'provision.file_not_json': {
    zh: '配置文件 {file} 不是有效的 JSON',
    en: 'The provisioning file {file} is not valid JSON',
  },
  'provision.site_unknown': {
    zh: '平台上没有站点 {site}，请核对站点代码',
    en: 'The hub has no site {site}: check the site code',
  },
  'provision.token_unknown': {
    zh: '平台不认识这个注册令牌，请核对或向平台管理员重新申请',
    en: 'The hub does not know this enrollment token: check it or ask the hub operator for a new one',
  },
  'provision.token_used': {
    zh: '这个注册令牌已被另一台站点机使用，请向平台管理员申请新令牌',
    en: 'This enrollment token was used by another station already: ask the hub operator for a new one',
  },
  'provision.token_expired': {
    zh: '这个注册令牌已过期，请向平台管理员申请新令牌',
    en: 'This enrollment token has expired: ask the hub operator for a new one',
  },
  'provision.token_other_site': {
    zh: '这个注册令牌属于另一个站点，不是 {site}',
    en: 'This enrollment token belongs to another site, not {site}',
  },
  'provision.hub_unreachable': {
    zh: '无法连接平台 {url}（{detail}）。请检查地址和网络；离线配置请使用 --offline',
    en: 'Cannot reach the hub at {url} ({detail}). Check the address and the network, or configure offline with --offline',
  },
  'provision.hub_not_lectern': {
    zh: '{url} 有应答，但不是讲台平台（{detail}）',
    en: '{url} answered, but not as a Lectern hub ({detail})',
  },
  'provision.already_enrolled': {
    zh: '本机已注册为 {station}（站点 {site}），不能再次配置',
    en: 'This station is already enrolled as {station} (site {site}) and cannot be provisioned again',
  },
  'provision.data_dir_unwritable': {
    zh: '无法写入数据目录 {dir}（{detail}）',
    en: 'Cannot write the data folder {dir} ({detail})',
  },
} as const satisfies Record<string, { zh: string; en: string }>;
export type ProvisionMessageCode = keyof typeof PROVISION_MESSAGES;
export type ProvisionProblemCode = ProvisionMessageCode extends `provision.${infer C}` ? C : never;

export type ProvisionProblem = { code: ProvisionProblemCode; params: Record<string, string> };

/** The problem in one language; a field's label comes with it. */
export function provisionText(problem: ProvisionProblem, language: 'zh' | 'en'): string {
  const field = problem.params.field as ProvisionField | undefined;
  const params: Record<string, string> = {
    ...problem.params,
    label: field && field in PROVISION_FIELD_LABELS ? PROVISION_FIELD_LABELS[field][language] : (field ?? ''),
  };
  const template = PROVISION_MESSAGES[`provision.${problem.code}`][language];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
