// One area's words: each stable code with its zh-CN text (the station's language) and the
// English beside it, so a missing translation cannot hide. `{name}` marks a parameter.
export type MessageTable = Record<string, { zh: string; en: string }>;
