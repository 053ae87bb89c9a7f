// Canonical JSON: the one byte sequence that event hashes and signatures are computed over.
// Object keys are sorted by UTF-16 code unit (as JavaScript's default sort does, and as RFC
// 8785 does), no whitespace, numbers and strings as JSON.stringify writes them. Properties
// whose value is `undefined` are left out, like JSON.stringify. Values JSON cannot carry
// (NaN, Infinity, bigint, functions, symbols) throw: a hash over a lossy serialisation could
// not be recomputed by the other side.

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not representable in JSON`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value))
        return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not representable in JSON`);
  }
}
