// Enrolling this station with its hub (a one-time token, the station key registered), and
// the signed hub client of an enrolled station. What enrollment stores is
// main/station/identity.ts.
import type Database from 'better-sqlite3';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import {
  createHubClient,
  enrollStation,
  type Connection,
  type Enrollment,
  type HubClient,
} from '../../protocol/hub-client/hub-client.ts';
import { readEnrollment, saveEnrollment, type StoredEnrollment } from '../station/identity.ts';
import { keyFilePath, loadOrCreateSecrets, readSecrets, writeSecrets } from '../station/key-file.ts';

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
  if (current)
    throw new Error(
      `This station is already enrolled as ${current.stationId} with the hub at ${current.hubUrl} (site ${current.siteCode}).`,
    );
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
export function stationHubClient(
  ledger: Database.Database,
  dataDir: string,
  connection: Partial<Connection> = {},
): HubClient | null {
  const enrollment = readEnrollment(ledger);
  if (!enrollment) return null;
  // Never a fresh key here: the hub knows this station by the key it enrolled with.
  const secrets = readSecrets(dataDir);
  if (!secrets)
    throw new Error(
      `The station is enrolled as ${enrollment.stationId} but its key file ${keyFilePath(dataDir)} is missing. Restore it from a backup, or enroll the station again.`,
    );
  return createHubClient({
    ...connection,
    baseUrl: connection.baseUrl ?? enrollment.hubUrl,
    stationId: enrollment.stationId,
    privateKey: secrets.privateKey,
    hubPublicKey: enrollment.hubPublicKey,
    clockOffsetMs: enrollment.clockOffsetMs,
  });
}
