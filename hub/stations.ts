// Sites, enrollment tokens, stations and request authentication on the hub side.
import crypto from 'node:crypto';
import { CliError } from '../common/node/cli.ts';
import { isPublicKey, verify } from '../protocol/crypto.ts';
import { ProtocolError } from '../protocol/errors.ts';
import { GENESIS_HASH } from '../protocol/events.ts';
import { claimedStation, verifyRequest } from '../protocol/request-auth.ts';
import { uuidv7 } from '../protocol/uuidv7.ts';
import { reenrollProofString } from '../protocol/wire.ts';
import type { EnrollCheckResponse, EnrollRequest, ReenrollRequest } from '../protocol/wire.ts';
import type { HubDb } from './db.ts';

export type Site = { code: string; name: string; cardHashKey: string };
export type StationRow = {
  id: string;
  site_code: string;
  public_key: string;
  name: string;
  app_version: string;
  enrolled_at: number;
  revoked_at: number | null;
  ack_seq: number;
  last_hash: string;
  last_seen_at: number | null;
  clock_offset_ms: number | null;
  heartbeat: string | null;
};

const SITE_CODE = /^[A-Za-z0-9_-]{1,32}$/;

export function createSite(db: HubDb, input: { code: string; name: string }, now: number): Site {
  if (!SITE_CODE.test(input.code))
    throw new CliError('站点代码须为 1 至 32 个字母、数字、- 或 _', 'A site code is 1–32 letters, digits, - or _');
  if (getSite(db, input.code)) throw new CliError(`站点 ${input.code} 已存在`, `Site ${input.code} exists already`);
  const cardHashKey = crypto.randomBytes(32).toString('base64');
  db.prepare('INSERT INTO sites (code, name, card_hash_key, created_at) VALUES (?, ?, ?, ?)').run(
    input.code,
    input.name,
    cardHashKey,
    now,
  );
  return { code: input.code, name: input.name, cardHashKey };
}

export function getSite(db: HubDb, code: string): Site | undefined {
  const row = db.prepare('SELECT code, name, card_hash_key FROM sites WHERE code = ?').get(code) as
    { code: string; name: string; card_hash_key: string } | undefined;
  return row && { code: row.code, name: row.name, cardHashKey: row.card_hash_key };
}

const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** A one-time token (base64url, 32 random bytes) for enrolling one station at the site. */
export function createEnrollmentToken(
  db: HubDb,
  input: { siteCode: string; ttlHours?: number },
  now: number,
): { token: string; siteCode: string; expiresAt: number } {
  if (!getSite(db, input.siteCode))
    throw new CliError(`平台上没有站点 ${input.siteCode}`, `No site ${input.siteCode} at this hub`);
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = now + (input.ttlHours ?? 72) * 3_600_000;
  db.prepare('INSERT INTO enrollment_tokens (token_sha256, site_code, expires_at) VALUES (?, ?, ?)').run(
    tokenHash(token),
    input.siteCode,
    expiresAt,
  );
  return { token, siteCode: input.siteCode, expiresAt };
}

type TokenRow = { site_code: string; expires_at: number; used_at: number | null };

function tokenRow(db: HubDb, enrollmentToken: string): TokenRow | undefined {
  return db
    .prepare('SELECT site_code, expires_at, used_at FROM enrollment_tokens WHERE token_sha256 = ?')
    .get(tokenHash(enrollmentToken)) as TokenRow | undefined;
}

/** What enrollStation would say of this site and token, consuming nothing. */
export function checkEnrollmentToken(
  db: HubDb,
  request: { siteCode: string; enrollmentToken: string },
  now: number,
): EnrollCheckResponse {
  const site = getSite(db, request.siteCode);
  const token = tokenRow(db, request.enrollmentToken);
  const verdict: EnrollCheckResponse['token'] = !token
    ? 'unknown'
    : token.site_code !== request.siteCode
      ? 'other_site'
      : token.used_at !== null
        ? 'used'
        : token.expires_at <= now
          ? 'expired'
          : 'valid';
  return {
    siteCode: request.siteCode,
    siteName: site?.name ?? null,
    token: verdict,
    expiresAt: verdict === 'valid' ? token!.expires_at : null,
  };
}

/**
 * Checks a token and a new key inside the caller's transaction: the token unused, unexpired
 * and the site's, the key an Ed25519 key no station ever enrolled with.
 */
function claimToken(db: HubDb, request: { siteCode: string; enrollmentToken: string; publicKey: string }, now: number) {
  const token = tokenRow(db, request.enrollmentToken);
  if (!token || token.site_code !== request.siteCode || token.used_at !== null || token.expires_at <= now)
    throw new ProtocolError('enrollment_invalid');
  if (db.prepare('SELECT 1 FROM station_keys WHERE public_key = ?').get(request.publicKey))
    throw new ProtocolError('key_in_use');
}

function spendToken(db: HubDb, token: string, stationId: string, now: number): void {
  db.prepare('UPDATE enrollment_tokens SET used_at = ?, station_id = ? WHERE token_sha256 = ?').run(
    now,
    stationId,
    tokenHash(token),
  );
}

/** Consumes the token and registers the station key, atomically. */
export function enrollStation(db: HubDb, request: EnrollRequest, now: number): { station: StationRow; site: Site } {
  if (!isPublicKey(request.publicKey))
    throw new ProtocolError('invalid_request', 'publicKey is not an Ed25519 public key');
  return db.transaction(() => {
    claimToken(db, request, now);
    const id = uuidv7(now);
    db.prepare(
      `INSERT INTO stations (id, site_code, public_key, name, app_version, enrolled_at, last_hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, request.siteCode, request.publicKey, request.name, request.appVersion, now, GENESIS_HASH);
    db.prepare('INSERT INTO station_keys (public_key, station_id, enrolled_at, first_seq) VALUES (?, ?, ?, 1)').run(
      request.publicKey,
      id,
      now,
    );
    spendToken(db, request.enrollmentToken, id, now);
    return { station: getStation(db, id)!, site: getSite(db, request.siteCode)! };
  })();
}

/**
 * The same station under a new key (protocol.md §2b): the token is consumed, the previous
 * key's proof checked, the new key becomes the one requests are signed with (a revocation
 * ends), and the old key stays linked for the events it signed before the hand-over.
 */
export function reenrollStation(db: HubDb, request: ReenrollRequest, now: number): { station: StationRow; site: Site } {
  if (!isPublicKey(request.publicKey))
    throw new ProtocolError('invalid_request', 'publicKey is not an Ed25519 public key');
  return db.transaction(() => {
    claimToken(db, request, now);
    const station = getStation(db, request.stationId);
    // The token is the site's: a station of another site cannot be taken over with it.
    if (!station || station.site_code !== request.siteCode) throw new ProtocolError('station_unknown');
    if (!verify(reenrollProofString(request), request.proof, station.public_key))
      throw new ProtocolError('key_proof_invalid');
    db.prepare('UPDATE stations SET public_key = ?, revoked_at = NULL, name = ?, app_version = ? WHERE id = ?').run(
      request.publicKey,
      request.name,
      request.appVersion,
      station.id,
    );
    db.prepare(
      'INSERT INTO station_keys (public_key, station_id, enrolled_at, handover_seq, handover_hash) VALUES (?, ?, ?, ?, ?)',
    ).run(request.publicKey, station.id, now, request.headSeq, request.headHash);
    spendToken(db, request.enrollmentToken, station.id, now);
    return { station: getStation(db, station.id)!, site: getSite(db, request.siteCode)! };
  })();
}

export type StationKey = { publicKey: string; firstSeq: number | null; enrolledAt: number };

/** The keys a station was enrolled with, newest first (the order ingest tries them in). */
export function stationKeys(db: HubDb, stationId: string): StationKey[] {
  return (
    db
      .prepare(
        'SELECT public_key, first_seq, enrolled_at FROM station_keys WHERE station_id = ? ORDER BY enrolled_at DESC, rowid DESC',
      )
      .all(stationId) as { public_key: string; first_seq: number | null; enrolled_at: number }[]
  ).map((row) => ({ publicKey: row.public_key, firstSeq: row.first_seq, enrolledAt: row.enrolled_at }));
}

export function getStation(db: HubDb, id: string): StationRow | undefined {
  return db.prepare('SELECT * FROM stations WHERE id = ?').get(id) as StationRow | undefined;
}

export function revokeStation(db: HubDb, id: string, now: number): boolean {
  return (
    db.prepare('UPDATE stations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes === 1
  );
}

export type AuthInput = {
  method: string;
  path: string;
  body: Buffer | undefined;
  headers: Record<string, string | string[] | undefined>;
  now: number;
  maxSkewMs: number;
};

/**
 * Authenticates a station request: known station, key not revoked, signature and timestamp
 * good, nonce unseen. The nonce is recorded only once everything else verified, so a forged
 * request cannot burn a real station's nonce.
 */
export function authenticate(db: HubDb, input: AuthInput): StationRow {
  const claimed = claimedStation(input.headers);
  if (!claimed) throw new ProtocolError('auth_missing');
  const station = getStation(db, claimed);
  if (!station) throw new ProtocolError('station_unknown');
  const result = verifyRequest({
    method: input.method,
    path: input.path,
    body: input.body,
    headers: input.headers,
    publicKey: station.public_key,
    now: input.now,
    maxSkewMs: input.maxSkewMs,
  });
  if (!result.ok) throw new ProtocolError(result.code, result.message);
  if (station.revoked_at !== null) throw new ProtocolError('station_revoked');
  const inserted = db
    .prepare('INSERT OR IGNORE INTO nonces (station_id, nonce, expires_at) VALUES (?, ?, ?)')
    .run(station.id, result.nonce, result.timestamp + input.maxSkewMs);
  if (inserted.changes === 0) throw new ProtocolError('auth_replayed_nonce');
  return station;
}

/** Forgets nonces whose timestamps can no longer pass the window check anyway. */
export function pruneNonces(db: HubDb, now: number): void {
  db.prepare('DELETE FROM nonces WHERE expires_at < ?').run(now);
}
