// The reference hub's SQLite database: one file, <dataDir>/hub.db, WAL. The schema is small
// enough to create in one step; `user_version` guards against opening a newer hub's file.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { generateStationKeys } from '../protocol/crypto.ts';
import type { KeyPair } from '../protocol/crypto.ts';

export type HubDb = Database.Database;

const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE sites (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  card_hash_key TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- Only a hash of each token is kept, so a copy of the database cannot enroll a station.
CREATE TABLE enrollment_tokens (
  token_sha256 TEXT PRIMARY KEY,
  site_code TEXT NOT NULL REFERENCES sites(code),
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  station_id TEXT
);

CREATE TABLE stations (
  id TEXT PRIMARY KEY,
  site_code TEXT NOT NULL REFERENCES sites(code),
  public_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  app_version TEXT NOT NULL,
  enrolled_at INTEGER NOT NULL,
  revoked_at INTEGER,
  ack_seq INTEGER NOT NULL DEFAULT 0,
  last_hash TEXT NOT NULL,
  last_seen_at INTEGER,
  clock_offset_ms INTEGER,
  heartbeat TEXT
);

-- Nonces seen within the timestamp window, per station (replay protection survives a restart).
CREATE TABLE nonces (
  station_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (station_id, nonce)
) WITHOUT ROWID;
CREATE INDEX nonces_expiry ON nonces(expires_at);

-- The latest state of every record of every pull stream; a deletion keeps a tombstone row
-- (deleted = 1, data NULL). rev is hub-wide and only grows, so "rev > cursor" is a stream's
-- changes since a station last pulled. scope '' is every site, otherwise a site code.
CREATE TABLE records (
  stream TEXT NOT NULL,
  scope TEXT NOT NULL,
  id TEXT NOT NULL,
  rev INTEGER NOT NULL UNIQUE,
  deleted INTEGER NOT NULL,
  data TEXT,
  PRIMARY KEY (stream, scope, id)
);
CREATE INDEX records_by_rev ON records(stream, rev);

CREATE TABLE media (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  type TEXT NOT NULL,
  file TEXT NOT NULL
);

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  station_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  session_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (station_id, seq)
);

-- Same id (or same sequence) with a different hash: kept, reported, never merged.
CREATE TABLE conflicts (
  rowid INTEGER PRIMARY KEY,
  station_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  reason TEXT NOT NULL,
  held_hash TEXT NOT NULL,
  received_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (event_id, received_hash, reason)
);

CREATE TABLE event_flags (
  event_id TEXT NOT NULL,
  flag TEXT NOT NULL,
  detail TEXT NOT NULL,
  PRIMARY KEY (event_id, flag)
);
`;

// Version 2: a station may enroll again under a new key (its events before the hand-over
// still verify with the old one), and events the hub cannot count are held apart instead of
// refusing the whole batch (protocol.md §2b, §7).
const SCHEMA_V2 = `
-- Every key a station was enrolled with. first_seq: the first event it signed (1 for the
-- first key; NULL for a new key until its first event arrives). stations.public_key is the
-- key that signs requests now.
CREATE TABLE station_keys (
  public_key TEXT PRIMARY KEY,
  station_id TEXT NOT NULL REFERENCES stations(id),
  enrolled_at INTEGER NOT NULL,
  first_seq INTEGER,
  -- What the station said its last event was when it enrolled this key (re-enrollment only).
  handover_seq INTEGER,
  handover_hash TEXT
);
CREATE INDEX station_keys_by_station ON station_keys(station_id, enrolled_at);

-- Events the hub holds but does not count (bad hash or signature, broken chain, an unknown
-- type, another station's id, an id held at another sequence): kept whole, reported to the
-- station, and part of the chain the station's later events continue.
CREATE TABLE rejected_events (
  station_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (station_id, seq)
);
`;

const V1_TO_V2 = `${SCHEMA_V2}
INSERT INTO station_keys (public_key, station_id, enrolled_at, first_seq)
  SELECT public_key, id, enrolled_at, 1 FROM stations;
`;

export function openHubDb(dataDir: string): HubDb {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'hub.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) {
    db.transaction(() => {
      db.exec(SCHEMA);
      db.exec(SCHEMA_V2);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  } else if (version === 1) {
    db.transaction(() => {
      db.exec(V1_TO_V2);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  } else if (version !== SCHEMA_VERSION) {
    db.close();
    throw new Error(`${dataDir}/hub.db has schema version ${version}; this hub knows ${SCHEMA_VERSION}`);
  }
  return db;
}

export function getSetting(db: HubDb, key: string): string | undefined {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setSetting(db: HubDb, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** The hub's own Ed25519 key pair, made on first use and kept in the database. */
export function hubKeys(db: HubDb): KeyPair {
  const stored = getSetting(db, 'hub_keys');
  if (stored) return JSON.parse(stored) as KeyPair;
  const keys = generateStationKeys();
  setSetting(db, 'hub_keys', JSON.stringify(keys));
  return keys;
}
