// 节目播放记录: what the station played on a day, as a printable log — every start, pause,
// seek, stall (with why), recovery and end the players reported, with their times, for
// lessons and live channels alike; and per class and source, when it first and last played,
// how often it stalled and how many minutes really played (the playback.segment events the
// hours are computed from, so the log and the hours cannot disagree).
import type { PlaybackLogDay } from '../../preload/contract/channels.ts';
import type { Classroom } from './classroom.ts';
import { prepared } from '../storage/sql.ts';

const DAY_MS = 86_400_000;
/** A day of a busy station logs a few hundred signals; more than this is left out, said so. */
export const LOG_ROWS_MAX = 5_000;

type LogRow = {
  session_id: string;
  source_id: string;
  source_kind: 'lesson' | 'live' | null;
  signal: string;
  media_s: number | null;
  wall_time: number;
};

type Row = PlaybackLogDay['rows'][number];

/** The signal and its detail from the log's words ('stalled network', 'ratechange 2'). */
function parseSignal(text: string): { signal: Row['signal']; detail: string | null } {
  const [signal, detail] = text.split(' ', 2) as [Row['signal'], string | undefined];
  return { signal, detail: detail ?? null };
}

export function playbackLogOfDay(classroom: Classroom, date: string, site: string | null): PlaybackLogDay {
  const start =
    Date.parse(`${date}T00:00:00Z`) -
    classroom.calendar.timeZoneOffsetMinutes() * 60_000 -
    classroom.ledger.hubOffsetMs();
  const end = start + DAY_MS;
  const logged = prepared(
    classroom.db,
    `SELECT session_id, source_id, source_kind, signal, media_s, wall_time FROM playback_log
     WHERE wall_time >= ? AND wall_time < ? ORDER BY n LIMIT ?`,
  ).all(start, end, LOG_ROWS_MAX + 1) as LogRow[];
  const truncated = logged.length > LOG_ROWS_MAX;
  if (truncated) logged.pop();

  const sessionTitles = new Map<string, string>();
  const sessionTitle = (sessionId: string) => {
    let title = sessionTitles.get(sessionId);
    if (title === undefined) {
      const payload = prepared(
        classroom.db,
        "SELECT payload FROM events WHERE type = 'session.opened' AND session_id = ?",
        { pluck: true },
      ).get(sessionId) as string | undefined;
      title = payload ? (JSON.parse(payload) as { title: string }).title : sessionId;
      sessionTitles.set(sessionId, title);
    }
    return title;
  };
  const lessonTitle = (id: string) =>
    prepared(classroom.catalog, 'SELECT title FROM lessons WHERE id = ?', { pluck: true }).get(id) as
      string | undefined;
  const channelName = (id: string) =>
    prepared(classroom.catalog, 'SELECT name FROM live_channels WHERE id = ?', { pluck: true }).get(id) as
      string | undefined;
  /** The source's kind and title; rows from before the kind was logged are looked up. */
  const sourceOf = (row: LogRow): { kind: 'lesson' | 'live'; title: string } => {
    const kind =
      row.source_kind ?? (lessonTitle(row.source_id) === undefined && channelName(row.source_id) ? 'live' : 'lesson');
    return {
      kind,
      title: (kind === 'lesson' ? lessonTitle(row.source_id) : channelName(row.source_id)) ?? row.source_id,
    };
  };

  type Source = PlaybackLogDay['sources'][number] & { sessionId: string; sourceId: string; playedMs: number };
  const sources = new Map<string, Source>();
  const rows: Row[] = logged.map((row) => {
    const source = sourceOf(row);
    const { signal, detail } = parseSignal(row.signal);
    const key = `${row.session_id}\u0000${row.source_id}`;
    const entry = sources.get(key) ?? {
      sessionId: row.session_id,
      sourceId: row.source_id,
      sessionTitle: sessionTitle(row.session_id),
      kind: source.kind,
      sourceTitle: source.title,
      firstAt: row.wall_time,
      lastAt: row.wall_time,
      playedMs: 0,
      playedMinutes: 0,
      stalls: 0,
    };
    entry.lastAt = row.wall_time;
    if (signal === 'stalled') entry.stalls += 1;
    sources.set(key, entry);
    return {
      at: row.wall_time,
      sessionTitle: entry.sessionTitle,
      kind: source.kind,
      sourceTitle: source.title,
      signal,
      detail,
      mediaS: row.media_s,
    };
  });

  // Minutes really played: the day's playback segments of the sessions in the log.
  for (const sessionId of new Set([...sources.values()].map((source) => source.sessionId))) {
    const payloads = prepared(
      classroom.db,
      "SELECT payload FROM events WHERE session_id = ? AND type = 'playback.segment' AND wall_time >= ? AND wall_time < ?",
      { pluck: true },
    ).all(sessionId, start, end) as string[];
    for (const text of payloads) {
      const segment = JSON.parse(text) as {
        lessonId: string | null;
        channelId: string | null;
        startMonoMs: number;
        endMonoMs: number;
      };
      const source = sources.get(`${sessionId}\u0000${segment.lessonId ?? segment.channelId}`);
      if (source) source.playedMs += segment.endMonoMs - segment.startMonoMs;
    }
  }

  return {
    date,
    site,
    sources: [...sources.values()].map(({ sessionId: _s, sourceId: _i, playedMs, ...source }) => ({
      ...source,
      playedMinutes: Math.round(playedMs / 6_000) / 10,
    })),
    rows,
    truncated,
  };
}
