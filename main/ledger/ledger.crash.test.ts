// A station killed mid-burst of taps (power cut, crash): every tap whose confirmation was
// shown must be in the ledger afterwards, and the chain must still verify. The writer is a
// real child process (crash-child.ts) killed with SIGKILL, so nothing gets to flush or close.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { silentLogger } from '../runtime/logger.ts';
import { openLedger } from '../storage/station-databases.ts';
import { readEvents, verifyLedger } from './ledger.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.ts');
const RUN_TIMEOUT_MS = 20_000;

/** Runs the child until it has confirmed `kill` taps, kills it, and returns what it confirmed. */
function burstAndKill(dataDir: string, privateKey: string, kill: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir], {
      env: { ...process.env, LECTERN_TEST_PRIVATE_KEY: privateKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const confirmed = new Map<number, string>();
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child confirmed only ${confirmed.size} taps in ${RUN_TIMEOUT_MS} ms: ${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const match = /^confirmed (\d+) (\S+)$/.exec(line);
        if (match) confirmed.set(Number(match[1]), match[2]!);
      }
      if (confirmed.size >= kill && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(confirmed);
      else reject(new Error(`the child ended by itself (code ${code}): ${stderr}`));
    });
  });
}

test(
  'every confirmed tap survives SIGKILL mid-burst, twice, and the chain verifies',
  { timeout: 3 * RUN_TIMEOUT_MS },
  async (t) => {
    const dir = tempDir(t);
    const keys = generateStationKeys();
    const first = await burstAndKill(dir, keys.privateKey, 150);
    // A second run continues the same chain after the crash, and is killed in turn.
    const second = await burstAndKill(dir, keys.privateKey, 150);

    const { db } = openLedger(dir, silentLogger);
    assert.ok(db);
    t.after(() => db.close());
    const check = verifyLedger(db, keys.publicKey);
    assert.equal(check.ok, true, JSON.stringify(check));
    const held = new Map(readEvents(db).map((event) => [event.seq, event.id]));
    for (const [seq, id] of [...first, ...second])
      assert.equal(held.get(seq), id, `confirmed tap ${seq} is in the ledger`);
    const lastFirst = Math.max(...first.keys());
    assert.ok(Math.min(...second.keys()) > lastFirst, 'the restarted writer continued after the last confirmed tap');
    assert.ok(held.size >= first.size + second.size);
  },
);
