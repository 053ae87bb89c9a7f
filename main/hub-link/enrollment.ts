// Who this station is to its hub, kept in ledger.db's station_meta (it must live as long as
// the learning records it signs): station id, hub address and key, site, config. The
// station id row is what marks the station enrolled (main/station/info.ts reads it).
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { StationConfigSchema } from '../../protocol/wire.ts';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import { createHubClient, enrollStation, type Connection, type Enrollment, type HubClient } from '../../protocol/hub-client/hub-client.ts';
import { keyFilePath, loadOrCreateSecrets, readSecrets, writeSecrets, type StationSecrets } from '../station/key-file.ts';

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

function meta(ledger: Database.Database): Map<string, string> {
  const rows = ledger.prepare('SELECT key, value FROM station_meta').all() as { key: string; value: string }[];
  return new Map(rows.map((row) => [row.key, row.value]));
}

export function readEnrollment(ledger: Database.Database): StoredEnrollment | null {
  const values = meta(ledger);
  const stationId = values.get(KEYS.stationId);
  if (stationId === undefined) return null;
  const need = (key: string): string => {
    const value = values.get(key);
    if (value === undefined) throw new Error(`ledger.db station_meta has station_id but no ${key}; the enrollment record is incomplete`);
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
  const upsert = ledger.prepare('INSERT INTO station_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  ledger.transaction(() => {
    for (const [key, value] of Object.entries(entries)) upsert.run(key, value);
  })();
}

/**
 * Keeps an enrollment answer: the card-hash key into the key file first, then every other
 * fact in one ledger transaction, so station_id never appears without the rest.
 */
export function saveEnrollment(ledger: Database.Database, dataDir: string, secrets: StationSecrets, enrollment: Enrollment, enrolledAt: number): StoredEnrollment {
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

export type EnrollThisStationInput = Connection & {
  dataDir: string;
  ledger: Database.Database;
  siteCode: string;
  token: string;
  name: string;
  appVersion: string;
};

/**
 * The technician's enrollment step: the station key (made now if this is the first start),
 * the hub's answer, and both kept. Refused when the station is already enrolled, because
 * the hub refuses a key twice (key_in_use) and the ledger must not change hubs silently.
 */
export async function enrollThisStation(input: EnrollThisStationInput): Promise<StoredEnrollment> {
  const current = readEnrollment(input.ledger);
  if (current) throw new Error(`This station is already enrolled as ${current.stationId} with the hub at ${current.hubUrl} (site ${current.siteCode}).`);
  let { secrets } = loadOrCreateSecrets(input.dataDir);
  const now = input.now ?? Date.now;
  let enrollment: Enrollment;
  try {
    enrollment = await enrollStation({ ...input, publicKey: secrets.publicKey });
  } catch (error) {
    // The hub already holds this key although this station never stored an enrollment: an
    // earlier attempt reached the hub but its answer was lost (timeout, power cut). That key
    // is spent; a refused request consumed nothing, so the same token enrolls a new key.
    if (!(error instanceof HubClientError && error.code === 'key_in_use')) throw error;
    secrets = { ...generateStationKeys(), cardHashKey: null };
    writeSecrets(input.dataDir, secrets);
    enrollment = await enrollStation({ ...input, publicKey: secrets.publicKey });
  }
  return saveEnrollment(input.ledger, input.dataDir, secrets, enrollment, now());
}

/**
 * The hub client of an enrolled station, or null before enrollment. `baseUrl` overrides the
 * enrolled address for a hub that moved but is the same hub (the embedded demo hub listens on
 * a new port at every start).
 */
export function stationHubClient(ledger: Database.Database, dataDir: string, connection: Partial<Connection> = {}): HubClient | null {
  const enrollment = readEnrollment(ledger);
  if (!enrollment) return null;
  // Never a fresh key here: the hub knows this station by the key it enrolled with.
  const secrets = readSecrets(dataDir);
  if (!secrets) throw new Error(`The station is enrolled as ${enrollment.stationId} but its key file ${keyFilePath(dataDir)} is missing. Restore it from a backup, or enroll the station again.`);
  return createHubClient({
    ...connection,
    baseUrl: connection.baseUrl ?? enrollment.hubUrl,
    stationId: enrollment.stationId,
    privateKey: secrets.privateKey,
    hubPublicKey: enrollment.hubPublicKey,
    clockOffsetMs: enrollment.clockOffsetMs,
  });
}
