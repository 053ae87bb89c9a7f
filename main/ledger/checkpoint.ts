// The ledger's verified checkpoint: "events 1…seq were verified, signature by signature, and
// event seq has this hash". It lets start-up verify only the events after it (the full check
// runs in the background, anchored on it), and it is what shows that rows were cut off the
// end of ledger.db — a chain alone cannot: a ledger shorter than its checkpoint is a failure,
// exactly like an edited row.
//
// It lives in its own file beside ledger.db (ledger-checkpoint.json), not inside it, so a
// ledger.db cut short or swapped for an older copy cannot bring an older checkpoint along.
// It is protected by an HMAC-SHA256 with a key derived (HKDF) from the station's private
// key: only the station can write a checkpoint that verifies, and it is checked with the
// same key file the station signs with. Written like every state file: temp file, fsync,
// rename, fsync of the folder (common/node/durable-file.ts).
//
// What it does not stop: someone who deletes the file as well as cutting the ledger. The
// station then verifies the whole chain at start (as it did before checkpoints) and says the
// checkpoint is missing; the hub's acknowledgement (the outbox cursor) still shows any cut
// below what it has received.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { writeFileDurably, writeFileDurablySync } from '../../common/node/durable-file.ts';
import { ledgerCheckpointPath } from '../storage/station-databases.ts';

export type Checkpoint = { seq: number; hash: string; at: string };
export type CheckpointRead =
  { state: 'none' } | { state: 'invalid'; reason: string } | { state: 'ok'; checkpoint: Checkpoint };

const FileSchema = z.strictObject({
  v: z.literal(1),
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
  mac: z.string(),
});

function macKey(privateKey: string): Buffer {
  return Buffer.from(
    crypto.hkdfSync('sha256', Buffer.from(privateKey, 'base64'), Buffer.alloc(0), 'lectern ledger checkpoint v1', 32),
  );
}

function mac(privateKey: string, checkpoint: Checkpoint): string {
  return crypto
    .createHmac('sha256', macKey(privateKey))
    .update(`lectern-ledger-checkpoint\n1\n${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.at}`)
    .digest('hex');
}

function content(privateKey: string, checkpoint: Checkpoint): string {
  return `${JSON.stringify({ v: 1, ...checkpoint, mac: mac(privateKey, checkpoint) }, null, 2)}\n`;
}

export function readCheckpoint(dataDir: string, privateKey: string): CheckpointRead {
  let text: string;
  try {
    text = fs.readFileSync(ledgerCheckpointPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'none' };
    throw error;
  }
  let parsed: z.infer<typeof FileSchema>;
  try {
    parsed = FileSchema.parse(JSON.parse(text));
  } catch {
    return { state: 'invalid', reason: 'unreadable' };
  }
  const checkpoint = { seq: parsed.seq, hash: parsed.hash, at: parsed.at };
  const expected = Buffer.from(mac(privateKey, checkpoint), 'hex');
  const given = Buffer.from(parsed.mac, 'hex');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    return { state: 'invalid', reason: 'mac' };
  return { state: 'ok', checkpoint };
}

export function writeCheckpointSync(
  dataDir: string,
  privateKey: string,
  head: { seq: number; hash: string },
): Checkpoint {
  const checkpoint = { seq: head.seq, hash: head.hash, at: new Date().toISOString() };
  writeFileDurablySync(ledgerCheckpointPath(dataDir), content(privateKey, checkpoint));
  return checkpoint;
}

/** The same as writeCheckpointSync, without blocking the event loop. */
export async function writeCheckpoint(
  dataDir: string,
  privateKey: string,
  head: { seq: number; hash: string },
): Promise<Checkpoint> {
  const checkpoint = { seq: head.seq, hash: head.hash, at: new Date().toISOString() };
  await writeFileDurably(ledgerCheckpointPath(dataDir), content(privateKey, checkpoint));
  return checkpoint;
}
