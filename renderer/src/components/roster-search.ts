// Finding a learner on a roster of hundreds, by what an organiser types: part of the name or
// the unit, or the name's pinyin — initials (zxy → 张秀英) or spelled out — through pinyin-pro.
import { match } from 'pinyin-pro';
import type { AttendanceView } from '../../../preload/contract/channels.ts';

type Row = AttendanceView['rows'][number];

/** A learner the query names: part of the name or unit, or the name's pinyin (initials or full). */
export function rosterMatches(rows: readonly Row[], query: string): Row[] {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return [];
  const latin = /^[a-z]+$/.test(wanted);
  return rows.filter(
    (row) =>
      row.name.toLowerCase().includes(wanted) ||
      row.unit.toLowerCase().includes(wanted) ||
      (latin && match(row.name, wanted, { precision: 'start' }) !== null),
  );
}
