// What a hub administrator does, as functions over the hub database: used in-process by
// startHub's `admin` (the station's embedded demo, tests, the bench) and by hub-admin's CLI.
import { normaliseCardNumber, keyedCardHash } from '../protocol/card-hash.ts';
import { RuleSetSchema } from '../protocol/hour-rules.ts';
import type { LearnerLevel, RuleSet } from '../protocol/hour-rules.ts';
import type { Category, Course, LiveChannel, ScheduleEntry, StreamName } from '../protocol/wire.ts';
import type { HubDb } from './db.ts';
import { currentRules, hoursReport, ruleSets } from './hours.ts';
import type { HoursReport } from './hours.ts';
import { importEvents, type ImportSummary } from './import.ts';
import { lessonChanges, type LessonInput } from './lessons.ts';
import { publishRecords } from './records.ts';
import type { RecordChange } from './records.ts';
import { createEnrollmentToken, createSite, getSite, revokeStation } from './stations.ts';
import type { StationRow } from './stations.ts';
import { publishUpdate } from './updates.ts';
import type { UpdatePlatform } from './updates.ts';

export type { LessonInput } from './lessons.ts';

export type CatalogChanges = {
  categories?: Category[];
  courses?: Course[];
  lessons?: LessonInput[];
  delete?: { categories?: string[]; courses?: string[]; lessons?: string[] };
};

/** A learner as the administrator knows them; the card number is hashed before storing. */
export type LearnerInput = { id: string; name: string; unit: string; level: LearnerLevel; cardNumber: string };

export type StationSummary = {
  id: string;
  siteCode: string;
  name: string;
  appVersion: string;
  enrolledAt: number;
  revoked: boolean;
  ackSeq: number;
  lastSeenAt: number | null;
  clockOffsetMs: number | null;
};

export type HubAdmin = ReturnType<typeof createAdmin>;

export function createAdmin(db: HubDb, dataDir: string, now: () => number) {
  const deletions = (stream: StreamName, ids: string[] | undefined, scope = ''): RecordChange[] =>
    (ids ?? []).map((id) => ({ stream, scope, id, data: null }));

  function siteOf(code: string) {
    const site = getSite(db, code);
    if (!site) throw new Error(`No site ${code}`);
    return site;
  }

  return {
    createSite(input: { code: string; name: string }): { code: string; name: string } {
      const site = createSite(db, input, now());
      return { code: site.code, name: site.name };
    },

    createEnrollmentToken(input: { siteCode: string; ttlHours?: number }) {
      return createEnrollmentToken(db, input, now());
    },

    /** Upserts and deletes catalogue records; returns the last rev written (0: nothing changed). */
    async publishCatalogChanges(changes: CatalogChanges): Promise<{ rev: number }> {
      // Lessons carry the hours a viewing earns under the rules in force (lessons.ts).
      const lessons = await lessonChanges(db, dataDir, changes.lessons ?? [], currentRules(db));
      const rev = publishRecords(db, [
        ...(changes.categories ?? []).map((data) => ({ stream: 'categories' as const, scope: '', id: data.id, data })),
        ...(changes.courses ?? []).map((data) => ({ stream: 'courses' as const, scope: '', id: data.id, data })),
        ...lessons,
        ...deletions('lessons', changes.delete?.lessons),
        ...deletions('courses', changes.delete?.courses),
        ...deletions('categories', changes.delete?.categories),
      ]);
      return { rev };
    },

    publishRoster(input: { siteCode: string; learners?: LearnerInput[]; delete?: string[] }): { rev: number } {
      const site = siteOf(input.siteCode);
      const changes: RecordChange[] = (input.learners ?? []).map(({ cardNumber, ...learner }) => {
        if (normaliseCardNumber(cardNumber) === '') throw new Error(`Learner ${learner.id} has no card number`);
        return {
          stream: 'roster',
          scope: site.code,
          id: learner.id,
          data: { ...learner, cardHash: keyedCardHash(site.cardHashKey, cardNumber) },
        };
      });
      return { rev: publishRecords(db, [...changes, ...deletions('roster', input.delete, site.code)]) };
    },

    publishSchedule(input: { siteCode: string; entries?: ScheduleEntry[]; delete?: string[] }): { rev: number } {
      const site = siteOf(input.siteCode);
      const changes: RecordChange[] = (input.entries ?? []).map((data) => ({
        stream: 'schedule',
        scope: site.code,
        id: data.id,
        data,
      }));
      return { rev: publishRecords(db, [...changes, ...deletions('schedule', input.delete, site.code)]) };
    },

    publishLiveChannels(input: { siteCode: string; channels?: LiveChannel[]; delete?: string[] }): { rev: number } {
      const site = siteOf(input.siteCode);
      const changes: RecordChange[] = (input.channels ?? []).map((data) => ({
        stream: 'live_channels',
        scope: site.code,
        id: data.id,
        data,
      }));
      return { rev: publishRecords(db, [...changes, ...deletions('live_channels', input.delete, site.code)]) };
    },

    /** Publishes a new rule version; versions only go up, an old version is never replaced. */
    publishRuleVersion(input: RuleSet): { version: number } {
      const rules = RuleSetSchema.parse(input);
      const latest = ruleSets(db).at(-1);
      if (latest && rules.version <= latest.version)
        throw new Error(`Rule version ${rules.version} is not above the current ${latest.version}`);
      publishRecords(db, [{ stream: 'rules', scope: '', id: String(rules.version), data: rules }]);
      return { version: rules.version };
    },

    /** Refuses the station's later requests; it must enroll again with a new key. */
    revokeStation(stationId: string): { revoked: boolean } {
      return { revoked: revokeStation(db, stationId, now()) };
    },

    hoursReport(input: { siteCode?: string; from: string; to: string }): HoursReport {
      return hoursReport(db, input);
    },

    listStations(input: { siteCode?: string } = {}): StationSummary[] {
      const rows = (
        input.siteCode === undefined
          ? db.prepare('SELECT * FROM stations ORDER BY enrolled_at').all()
          : db.prepare('SELECT * FROM stations WHERE site_code = ? ORDER BY enrolled_at').all(input.siteCode)
      ) as StationRow[];
      return rows.map((row) => ({
        id: row.id,
        siteCode: row.site_code,
        name: row.name,
        appVersion: row.app_version,
        enrolledAt: row.enrolled_at,
        revoked: row.revoked_at !== null,
        ackSeq: row.ack_seq,
        lastSeenAt: row.last_seen_at,
        clockOffsetMs: row.clock_offset_ms,
      }));
    },

    listConflicts(): {
      stationId: string;
      eventId: string;
      seq: number;
      reason: string;
      heldHash: string;
      receivedHash: string;
      receivedAt: number;
    }[] {
      return (
        db
          .prepare(
            'SELECT station_id, event_id, seq, reason, held_hash, received_hash, received_at FROM conflicts ORDER BY rowid',
          )
          .all() as {
          station_id: string;
          event_id: string;
          seq: number;
          reason: string;
          held_hash: string;
          received_hash: string;
          received_at: number;
        }[]
      ).map((row) => ({
        stationId: row.station_id,
        eventId: row.event_id,
        seq: row.seq,
        reason: row.reason,
        heldHash: row.held_hash,
        receivedHash: row.received_hash,
        receivedAt: row.received_at,
      }));
    },

    publishUpdate(input: { platform: UpdatePlatform; version: string; files: string[] }): { yml: string } {
      return { yml: publishUpdate(dataDir, input) };
    },

    /** Ingests a station's exported events (events.ndjson.gz) as if it had pushed them. */
    importEvents(file: string): Promise<ImportSummary[]> {
      return importEvents(db, file, now);
    },

    /** Events held apart (rejected), newest first: station, sequence, the reason. */
    listRejected(): {
      stationId: string;
      seq: number;
      eventId: string;
      code: string;
      message: string;
      receivedAt: number;
    }[] {
      return (
        db
          .prepare(
            'SELECT station_id, seq, event_id, code, message, received_at FROM rejected_events ORDER BY received_at DESC, seq DESC',
          )
          .all() as {
          station_id: string;
          seq: number;
          event_id: string;
          code: string;
          message: string;
          received_at: number;
        }[]
      ).map((row) => ({
        stationId: row.station_id,
        seq: row.seq,
        eventId: row.event_id,
        code: row.code,
        message: row.message,
        receivedAt: row.received_at,
      }));
    },
  };
}
