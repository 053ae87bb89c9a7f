// The station's secrets on disk: its Ed25519 key pair, made at first start, and the site's
// card-hash key once the station is enrolled. One small JSON file in the data folder,
// readable only by the station's user (0600), replaced atomically (temp file, fsync,
// rename, fsync of the folder) so a power cut leaves the old file or the new, never half.
//
// The card-hash key lives here rather than in ledger.db: with it, a copy of the ledger (a
// backup, a diagnostic bundle) would let anyone test card numbers against the hashes; the
// protocol asks for it to be kept with the station key.
//
// A station enrolled again under a new key (main/hub-link/reenrollment.ts) keeps the public
// halves of its earlier keys in `retired`, each with the last sequence it signed: the ledger's
// older events verify with them (stationKeyRing). The file is then version 2.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurablySync } from '../../common/node/durable-file.ts';
import { generateStationKeys, publicKeyOf } from '../../protocol/crypto.ts';
import type { SigningKeys } from '../../protocol/events.ts';

export const KEY_FILE_NAME = 'station-key.json';
const FILE_MODE = 0o600;

const RetiredKeySchema = z.strictObject({ publicKey: z.string(), lastSeq: z.number().int().nonnegative() });
const KeyFileSchema = z.strictObject({
  version: z.union([z.literal(1), z.literal(2)]),
  publicKey: z.string(),
  privateKey: z.string(),
  cardHashKey: z.string().nullable(),
  retired: z.array(RetiredKeySchema).optional(),
});
export type StationSecrets = Omit<z.infer<typeof KeyFileSchema>, 'version'>;

/** The keys the ledger's events verify with: the retired ones up to their last sequence, then the current one. */
export function stationKeyRing(secrets: Pick<StationSecrets, 'publicKey' | 'retired'>): SigningKeys {
  if (!secrets.retired?.length) return secrets.publicKey;
  return [...secrets.retired, { publicKey: secrets.publicKey, lastSeq: null }];
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

export function writeSecrets(dataDir: string, secrets: StationSecrets): void {
  const version = secrets.retired?.length ? 2 : 1;
  writeFileDurablySync(keyFilePath(dataDir), `${JSON.stringify({ version, ...secrets }, null, 2)}\n`, {
    mode: FILE_MODE,
  });
}

/**
 * Reads the key file. A damaged file is an error for a technician, never a reason to make a
 * new key silently: the hub knows this station by its key, and a new one means enrolling again.
 */
export function readSecrets(dataDir: string): StationSecrets | null {
  const file = keyFilePath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: StationSecrets;
  try {
    const { version: _version, ...secrets } = KeyFileSchema.parse(JSON.parse(text));
    parsed = secrets;
  } catch {
    throw new Error(
      `The station key file ${file} is damaged. Restore it from a backup, or move it aside and enroll the station again with a new token.`,
    );
  }
  let matches: boolean;
  try {
    matches = publicKeyOf(parsed.privateKey) === parsed.publicKey;
  } catch {
    matches = false;
  }
  if (!matches)
    throw new Error(
      `The station key file ${file} holds a private key that does not belong to its public key. Restore it from a backup, or move it aside and enroll again.`,
    );
  // A copy restored by hand may have come back world-readable.
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o777) !== FILE_MODE) fs.chmodSync(file, FILE_MODE);
  return parsed;
}

/** The station's secrets; a new key pair is made and written on the station's first start. */
export function loadOrCreateSecrets(dataDir: string): { secrets: StationSecrets; created: boolean } {
  const existing = readSecrets(dataDir);
  if (existing) return { secrets: existing, created: false };
  fs.mkdirSync(dataDir, { recursive: true });
  const secrets = { ...generateStationKeys(), cardHashKey: null };
  writeSecrets(dataDir, secrets);
  return { secrets, created: true };
}
