// Enrolling this station again under a new key — the same station id and the same ledger —
// after its hub revoked the key (a lost disk image, a key thought stolen) or to replace it.
// The hub links the two keys (protocol §2b): events up to the hand-over verify with the old
// key, later ones with the new. The technician asks the hub's administrator for a one-time
// token, as for the first enrollment.
//
// Not for a cloned disk: a clone is another station and enrolls as a new one (a new id and a
// new ledger, enrollment.ts) — two stations must never share one chain.
//
// The hand-over is written in one synchronous step once the hub agreed: the key file gets
// the new key and keeps the old public key with the last sequence it signed, and the caller
// switches the ledger's signer before anything else runs — so no event is ever signed with
// the old key after the sequence recorded for it.
import type Database from 'better-sqlite3';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { GENESIS_HASH } from '../../protocol/events.ts';
import { reenrollStation, type Connection } from '../../protocol/hub-client/hub-client.ts';
import { prepared } from '../storage/sql.ts';
import { readEnrollment, saveEnrollment, type StoredEnrollment } from '../station/identity.ts';
import { keyFilePath, readSecrets, type StationSecrets } from '../station/key-file.ts';

export type ReenrollInput = Partial<Connection> & {
  dataDir: string;
  ledger: Database.Database;
  /** The one-time enrollment token from the hub's administrator. */
  token: string;
  appVersion: string;
  /** How the hub lists the station (its configured name). */
  name: string;
  /**
   * Called in the same synchronous step that keeps the new key, before anything else can run:
   * the ledger's writer must sign with it from the very next event.
   */
  onHandover: (secrets: StationSecrets) => void;
};

export type Reenrolled = {
  enrollment: StoredEnrollment;
  secrets: StationSecrets;
  /** The last event the previous key signed. */
  handoverSeq: number;
};

function ledgerHead(ledger: Database.Database): { seq: number; hash: string } {
  return (
    prepared<[], { seq: number; hash: string }>(
      ledger,
      'SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1',
    ).get() ?? {
      seq: 0,
      hash: GENESIS_HASH,
    }
  );
}

/**
 * Asks the hub to take a new key for this station and, when it agrees, keeps it. Throws
 * what the hub client throws (HubClientError) and plain Errors for a station that cannot
 * do this (not enrolled, no key file, another hub answering).
 */
export async function reenrollThisStation(input: ReenrollInput): Promise<Reenrolled> {
  const current = readEnrollment(input.ledger);
  if (!current) throw new Error('This station is not enrolled: it enrolls with its configuration, not again.');
  const previous = readSecrets(input.dataDir);
  if (!previous)
    throw new Error(
      `The station key file ${keyFilePath(input.dataDir)} is missing: without the old key the hub cannot link a new one. Restore the key file, or enroll the station as a new one.`,
    );
  const keys = generateStationKeys();
  const enrollment = await reenrollStation({
    ...input,
    baseUrl: input.baseUrl ?? current.hubUrl,
    siteCode: current.siteCode,
    token: input.token,
    stationId: current.stationId,
    publicKey: keys.publicKey,
    previousPrivateKey: previous.privateKey,
    head: ledgerHead(input.ledger),
    name: input.name,
    appVersion: input.appVersion,
  });
  // The hub's key was trusted at the first enrollment; an answer under another key is not our hub.
  if (enrollment.hubPublicKey !== current.hubPublicKey)
    throw new Error('The hub answered with another hub key than the one this station enrolled with; nothing changed.');

  // From here to the return nothing awaits: the hand-over sequence is the ledger's last event now.
  const handoverSeq = ledgerHead(input.ledger).seq;
  const secrets: StationSecrets = {
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
    cardHashKey: enrollment.cardHashKey,
    retired: [...(previous.retired ?? []), { publicKey: previous.publicKey, lastSeq: handoverSeq }],
  };
  const stored = saveEnrollment(input.ledger, input.dataDir, secrets, enrollment, Date.now());
  input.onHandover(secrets);
  return { enrollment: stored, secrets, handoverSeq };
}
