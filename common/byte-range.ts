// What to send for a Range / If-Range pair (RFC 9110 §14): the hub serving media to
// stations and the station serving cached lessons to its video element decide it the same
// way. One range only; a multi-range or malformed header is ignored (a full answer), as the
// RFC allows. An If-Range that is not the file's strong ETag (a date, another tag) also
// gets the full file.
export type RangeDecision =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

export function decideRange(
  size: number,
  etag: string,
  range: string | null | undefined,
  ifRange: string | null | undefined,
): RangeDecision {
  if (!range) return { kind: 'full' };
  if (ifRange !== undefined && ifRange !== null && ifRange !== etag) return { kind: 'full' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'full' };
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    if (match[2] !== '' && Number(match[2]) < start) return { kind: 'full' };
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
