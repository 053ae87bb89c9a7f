// Who this station is to its hub, kept in ledger.db's station_meta (it must live as long as
// the learning records it signs): station id, hub address and key, site, config. The
// station id row is what marks the station enrolled. The exchange with the hub that
// produces it is main/hub-link/enrollment.ts.
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { Enrollment } from '../../protocol/hub-client/hub-client.ts';
import { StationConfigSchema } from '../../protocol/wire.ts';
import { prepared } from '../storage/sql.ts';
import { writeSecrets, type StationSecrets } from './key-file.ts';
import { machineFingerprint } from './machine-fingerprint.ts';

export type StationConfig = z.infer<typeof StationConfigSchema>;

export type StoredEnrollment = {
  stationId: string;
  hubUrl: string;
  hubPublicKey: string;
  siteCode: string;
  siteName: string;
  config: StationConfig;
  /** Unix ms, station clock. */
  enrolledAt: number;
  /** hub time − station clock, as last measured. */
  clockOffsetMs: number;
};

const KEYS = {
  stationId: 'station_id',
  hubUrl: 'hub_url',
  hubPublicKey: 'hub_public_key',
  siteCode: 'site_code',
  siteName: 'site_name',
  config: 'station_config',
  enrolledAt: 'enrolled_at',
  clockOffsetMs: 'clock_offset_ms',
} as const satisfies Record<keyof StoredEnrollment, string>;

const FINGERPRINT_KEY = 'machine_fingerprint';

function meta(ledger: Database.Database): Map<string, string> {
  const rows = prepared<[], { key: string; value: string }>(ledger, 'SELECT key, value FROM station_meta').all();
  return new Map(rows.map((row) => [row.key, row.value]));
}

export function readEnrollment(ledger: Database.Database): StoredEnrollment | null {
  const values = meta(ledger);
  const stationId = values.get(KEYS.stationId);
  if (stationId === undefined) return null;
  const need = (key: string): string => {
    const value = values.get(key);
    if (value === undefined)
      throw new Error(`ledger.db station_meta has station_id but no ${key}; the enrollment record is incomplete`);
    return value;
  };
  return {
    stationId,
    hubUrl: need(KEYS.hubUrl),
    hubPublicKey: need(KEYS.hubPublicKey),
    siteCode: need(KEYS.siteCode),
    siteName: need(KEYS.siteName),
    config: StationConfigSchema.parse(JSON.parse(need(KEYS.config))),
    enrolledAt: Number(need(KEYS.enrolledAt)),
    clockOffsetMs: Number(values.get(KEYS.clockOffsetMs) ?? 0),
  };
}

function writeMeta(ledger: Database.Database, entries: Record<string, string>): void {
  const upsert = prepared(
    ledger,
    'INSERT INTO station_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  ledger.transaction(() => {
    for (const [key, value] of Object.entries(entries)) upsert.run(key, value);
  })();
}

/**
 * Keeps an enrollment answer: the card-hash key into the key file first, then every other
 * fact in one ledger transaction, so station_id never appears without the rest.
 */
export function saveEnrollment(
  ledger: Database.Database,
  dataDir: string,
  secrets: StationSecrets,
  enrollment: Enrollment,
  enrolledAt: number,
): StoredEnrollment {
  writeSecrets(dataDir, { ...secrets, cardHashKey: enrollment.cardHashKey });
  const stored: StoredEnrollment = {
    stationId: enrollment.stationId,
    hubUrl: enrollment.hubUrl,
    hubPublicKey: enrollment.hubPublicKey,
    siteCode: enrollment.siteCode,
    siteName: enrollment.siteName,
    config: enrollment.config,
    enrolledAt,
    clockOffsetMs: enrollment.clockOffsetMs,
  };
  writeMeta(ledger, {
    // The PC it enrolled on: a copy of this disk in another PC is noticed (machine-fingerprint.ts).
    [FINGERPRINT_KEY]: JSON.stringify(machineFingerprint()),
    [KEYS.stationId]: stored.stationId,
    [KEYS.hubUrl]: stored.hubUrl,
    [KEYS.hubPublicKey]: stored.hubPublicKey,
    [KEYS.siteCode]: stored.siteCode,
    [KEYS.siteName]: stored.siteName,
    [KEYS.config]: JSON.stringify(stored.config),
    [KEYS.enrolledAt]: String(stored.enrolledAt),
    [KEYS.clockOffsetMs]: String(stored.clockOffsetMs),
  });
  return stored;
}

/** The hashed hardware facts of the PC the station enrolled on (machine-fingerprint.ts); null: none recorded. */
export function readMachineFingerprint(ledger: Database.Database): string[] | null {
  const value = meta(ledger).get(FINGERPRINT_KEY);
  if (value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((fact): fact is string => typeof fact === 'string') : null;
  } catch {
    return null;
  }
}

export function writeMachineFingerprint(ledger: Database.Database, facts: readonly string[]): void {
  writeMeta(ledger, { [FINGERPRINT_KEY]: JSON.stringify(facts) });
}

/** Keeps the latest measured clock offset (hub time − station clock), for the next start to use before it can measure. */
export function saveClockOffset(ledger: Database.Database, clockOffsetMs: number): void {
  writeMeta(ledger, { [KEYS.clockOffsetMs]: String(Math.round(clockOffsetMs)) });
}
