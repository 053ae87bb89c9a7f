// What a hub administrator does, as functions over the hub database: used in-process by
// startHub's `admin` (the station's embedded demo, tests, the bench) and by hub-admin's CLI.
import { CliError } from '../common/node/cli.ts';
import { normaliseCardNumber, keyedCardHash } from '../protocol/card-hash.ts';
import { RuleSetSchema } from '../protocol/hour-rules.ts';
import type { LearnerLevel, RuleSet } from '../protocol/hour-rules.ts';
import { signHubDocument, technicianReset } from '../protocol/hub-signed.ts';
import { hashPin, isPin } from '../protocol/pin-hash.ts';
import type { Category, Course, Learner, LiveChannel, ScheduleEntry, StreamName } from '../protocol/wire.ts';
import { hubKeys } from './db.ts';
import type { HubDb } from './db.ts';
import { currentRules, hoursReport, ruleSets } from './hours.ts';
import type { HoursReport } from './hours.ts';
import { importEvents, type ImportSummary } from './import.ts';
import { lessonChanges, type LessonInput } from './lessons.ts';
import { liveRecords, publishRecords } from './records.ts';
import type { RecordChange } from './records.ts';
import { createEnrollmentToken, createSite, getSite, getStation, revokeStation } from './stations.ts';
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

/**
 * A learner as the administrator knows them; the card number is hashed before storing, and
 * so is an organiser's PIN (pin-hash.ts): neither is kept or published in clear.
 */
export type LearnerInput = {
  id: string;
  name: string;
  unit: string;
  level: LearnerLevel;
  cardNumber: string;
  /** An organiser of the site: unlocks class management at its stations with card + PIN. */
  organiser?: boolean;
  organiserPin?: string;
};

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

const noStation = (id: string) =>
  new CliError(`平台上没有已注册的站点机 ${id}`, `No station ${id} is enrolled at this hub`);

export function createAdmin(db: HubDb, dataDir: string, now: () => number) {
  const deletions = (stream: StreamName, ids: string[] | undefined, scope = ''): RecordChange[] =>
    (ids ?? []).map((id) => ({ stream, scope, id, data: null }));

  function siteOf(code: string) {
    const site = getSite(db, code);
    if (!site) throw new CliError(`平台上没有站点 ${code}`, `No site ${code} at this hub`);
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
      const changes: RecordChange[] = (input.learners ?? []).map(
        ({ cardNumber, organiser, organiserPin, ...learner }) => {
          if (normaliseCardNumber(cardNumber) === '')
            throw new CliError(`学员 ${learner.id} 没有卡号`, `Learner ${learner.id} has no card number`);
          if (organiserPin !== undefined && !isPin(organiserPin))
            throw new CliError(
              `学员 ${learner.id}：管理员 PIN 须为 4 至 12 位数字`,
              `Learner ${learner.id}: the organiser PIN must be 4 to 12 digits`,
            );
          if (organiserPin !== undefined && !organiser)
            throw new CliError(
              `学员 ${learner.id} 有 organiserPin，但不是管理员（缺少 "organiser": true）`,
              `Learner ${learner.id} has an organiserPin but is not an organiser ("organiser": true is missing)`,
            );
          const data: Learner = { ...learner, cardHash: keyedCardHash(site.cardHashKey, cardNumber) };
          if (organiser) {
            data.organiser = true;
            data.organiserPinHash = organiserPin === undefined ? null : hashPin(organiserPin);
          }
          return { stream: 'roster', scope: site.code, id: learner.id, data };
        },
      );
      return { rev: publishRecords(db, [...changes, ...deletions('roster', input.delete, site.code)]) };
    },

    /**
     * Makes a learner of the site an organiser (or no longer one) and sets or resets their
     * PIN; the roster record is published again, so the site's stations learn it at their
     * next pull. `pin: null` clears it (the organiser cannot unlock until one is set).
     */
    setOrganiser(input: { siteCode: string; learnerId: string; organiser: boolean; pin?: string | null }): {
      rev: number;
    } {
      const site = siteOf(input.siteCode);
      const current = liveRecords<Learner>(db, 'roster', site.code).find((learner) => learner.id === input.learnerId);
      if (!current)
        throw new CliError(
          `站点 ${site.code} 的名册中没有学员 ${input.learnerId}`,
          `No learner ${input.learnerId} on the roster of site ${site.code}`,
        );
      if (typeof input.pin === 'string' && !isPin(input.pin))
        throw new CliError('管理员 PIN 须为 4 至 12 位数字', 'The organiser PIN must be 4 to 12 digits');
      const { organiser: _organiser, organiserPinHash, ...learner } = current;
      const data: Learner = input.organiser
        ? {
            ...learner,
            organiser: true,
            organiserPinHash:
              input.pin === undefined ? (organiserPinHash ?? null) : input.pin === null ? null : hashPin(input.pin),
          }
        : learner;
      return { rev: publishRecords(db, [{ stream: 'roster', scope: site.code, id: current.id, data }]) };
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
        throw new CliError(
          `规则版本 ${rules.version} 不高于当前版本 ${latest.version}`,
          `Rule version ${rules.version} is not above the current ${latest.version}`,
        );
      publishRecords(db, [{ stream: 'rules', scope: '', id: String(rules.version), data: rules }]);
      return { version: rules.version };
    },

    /** Refuses the station's later requests; it must enroll again with a new key. An unknown id is an error. */
    revokeStation(stationId: string): { revoked: boolean } {
      if (!getStation(db, stationId)) throw noStation(stationId);
      return { revoked: revokeStation(db, stationId, now()) };
    },

    hoursReport(input: { siteCode?: string; from: string; to: string }): HoursReport {
      if (input.siteCode !== undefined) siteOf(input.siteCode);
      return hoursReport(db, input);
    },

    /**
     * A technician-PIN reset for one station, signed with the hub key: the technician carries
     * the file to the station (it needs no network there), which accepts it once, before
     * `expiresAt`, and then asks for a new technician PIN.
     */
    technicianPinReset(input: { stationId: string; ttlHours?: number }) {
      const station = getStation(db, input.stationId);
      if (!station) throw noStation(input.stationId);
      if (station.revoked_at !== null)
        throw new CliError(`站点机 ${input.stationId} 已被吊销`, `Station ${input.stationId} is revoked`);
      const reset = technicianReset(station.id, now() + (input.ttlHours ?? 72) * 3_600_000);
      return signHubDocument('technician_pin_reset', reset, hubKeys(db).privateKey);
    },

    listStations(input: { siteCode?: string } = {}): StationSummary[] {
      if (input.siteCode !== undefined) siteOf(input.siteCode);
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

    publishUpdate(input: { platform: UpdatePlatform; version: string; files: string[]; sites?: string[] }): {
      yml: string;
    } {
      for (const code of input.sites ?? []) siteOf(code);
      return { yml: publishUpdate(dataDir, { ...input, hubPrivateKey: hubKeys(db).privateKey, now: now() }) };
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
