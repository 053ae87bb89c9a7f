// The disk failing under a real station process: the browser-shell station
// (`node main/web/cli.ts`) with its embedded demo hub, enrolled and with a class open, and
// strace attached to it injecting the failure into its system calls — every fsync answering
// EIO (a disk that stops syncing), or every positioned write answering ENOSPC (a full disk).
// Taps must then be refused with a typed error, health must say so with a stable code, and
// when strace lets go (the disk works again) recording must resume only after the ledger has
// been opened afresh and verified — and the ledger must verify afterwards.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { HTTP_INVOKE_PREFIX } from '../../preload/contract/wire-names.ts';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN } from '../../hub/demo/roster.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { verifyLedger } from '../ledger/verification.ts';
import { readSecrets } from './key-file.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Why the tests cannot run here, or null: strace must be installed and allowed to attach to another process. */
function straceUnusable(): string | null {
  if (spawnSync('strace', ['-V']).status !== 0) return 'strace is not installed (Debian: apt-get install strace)';
  const sleeper = spawn('sleep', ['0.5']);
  const attach = spawnSync('strace', ['-qq', '-o', '/dev/null', '-e', 'trace=none', '-p', String(sleeper.pid)], {
    encoding: 'utf8',
    timeout: 5000,
  });
  sleeper.kill();
  return attach.status === 0 ? null : `strace cannot attach to a process here: ${attach.stderr.trim()}`;
}
const unusable = straceUnusable();

type Envelope = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
type Check = { id: string; status: string; reason: string; params: Record<string, string | number> };
type Health = { status: string; ledgerWritable: boolean; checks: Check[] };

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A browser-shell station on a free port, with a stub page (no renderer build needed). */
async function startStation(t: TestContext) {
  const dataDir = tempDir(t);
  const renderer = path.join(dataDir, '..', `${path.basename(dataDir)}-renderer`);
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>stub</title>');
  t.after(() => fs.rmSync(renderer, { recursive: true, force: true }));
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'main/web/cli.ts'), '--port', '0', '--data', dataDir, '--renderer', renderer],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await stopped;
  });
  const url = await until('the station URL', async () => /(http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/.exec(log));
  const [origin, token] = [url[1]!, url[2]!];
  const call = async (channel: string, input: unknown = {}): Promise<Envelope> => {
    const response = await fetch(origin + HTTP_INVOKE_PREFIX + channel, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return (await response.json()) as Envelope;
  };
  const value = async (channel: string, input: unknown = {}) => {
    const envelope = await call(channel, input);
    if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}\n${log}`);
    return envelope.value;
  };
  const stop = async () => {
    child.kill('SIGTERM');
    await stopped;
  };
  return { child, dataDir, call, value, stop, log: () => log };
}

/**
 * Attaches strace to every thread of the station, injecting `inject` (strace syntax) into the
 * system calls on the ledger's files until detach().
 */
async function injectInto(
  t: TestContext,
  station: { child: ChildProcess; dataDir: string; log: () => string },
  trace: string,
  inject: string[],
) {
  const { child, dataDir, log } = station;
  // Only the ledger's files, the probe beside them and their folder (where the checkpoint is
  // renamed and fsynced): the media store and the catalogue have failures of their own.
  const paths = ['ledger.db', 'ledger.db-wal', 'ledger.db-shm', '.ledger-disk-probe'].map((name) =>
    path.join(dataDir, name),
  );
  const strace: ChildProcess = spawn(
    'strace',
    [
      '-f',
      '-qq',
      '-o',
      '/dev/null',
      '-p',
      String(child.pid),
      ...[...paths, dataDir].flatMap((file) => ['-P', file]),
      '-e',
      `trace=${trace}`,
      ...inject.flatMap((rule) => ['-e', `inject=${rule}`]),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  strace.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => strace.once('exit', () => resolve()));
  const detach = async () => {
    if (strace.exitCode !== null) return;
    strace.kill('SIGINT'); // strace detaches cleanly on SIGINT; the station runs on untouched
    await exited;
  };
  t.after(detach);
  // strace prints nothing when attached with -qq: wait until the station's threads show a tracer.
  await until('strace to attach', async () => {
    if (strace.exitCode !== null) throw new Error(`strace could not attach (${strace.exitCode}): ${output}\n${log()}`);
    const tracer = /TracerPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return tracer && tracer[1] !== '0' ? true : null;
  });
  return { detach, output: () => output };
}

/** An enrolled demo station with a class open and one tap recorded; the ids of its demo learners' cards. */
async function stationWithClass(t: TestContext) {
  const station = await startStation(t);
  await until('the classroom to be ready', async () =>
    (await station.value('classroom.status')).state === 'ready' ? true : null,
  );
  // The demo cards are known before the roster is pulled; a tap before that is an unknown card.
  await until('the roster to be pulled', async () =>
    ((await station.value('sync.status')) as { counts: { learners: number } }).counts.learners > 0 ? true : null,
  );
  const { cards } = (await station.value('reader.demoCards')) as { cards: { id: string; kind: string }[] };
  const learners = cards.filter((card) => card.kind === 'learner').map((card) => card.id);
  // The demo roster's organiser unlocks once the roster has come down from the demo hub.
  await until('the roster', async () => ((await station.value('classroom.status')).pinSet ? true : null));
  const organiserTap = await station.value('reader.simulate', { cardId: cards[DEMO_ORGANISER_INDEX]!.id });
  const { organiserSession } = await station.value('organiser.unlock', {
    tapId: organiserTap.tapId,
    pin: DEMO_ORGANISER_PIN,
  });
  await station.value('organiser.createClass', { organiserSession, title: '磁盘故障演练' });
  assert.equal((await station.value('reader.simulate', { cardId: learners[0] })).kind, 'checked_in');
  // Let the start settle first: the background check of the ledger (a screen was answered) and
  // the checkpoint that follows the tap, so the first write to fail is the next tap's.
  await until('the background check', async () => {
    const health = (await station.value('station.health')) as Health;
    return health.checks.some((check) => check.reason === 'ledger-chain-sound') ? true : null;
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return { station, learners };
}

function writeCheck(health: Health): Check | undefined {
  return health.checks.find((check) => check.id === 'ledger-write');
}

/** After the station stopped: the ledger opens, passes integrity_check and verifies under the station key. */
function assertLedgerSound(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'ledger.db'), { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const check = verifyLedger(db, readSecrets(dataDir)!.publicKey);
    assert.ok(check.ok, JSON.stringify(check));
    return check.events;
  } finally {
    db.close();
  }
}

test(
  'a disk that stops syncing (fsync EIO): taps refused with LEDGER_WRITE_FAILED, health says so, recording resumes only after a re-check',
  { skip: unusable ?? false, timeout: 120_000 },
  async (t) => {
    const { station, learners } = await stationWithClass(t);
    const strace = await injectInto(t, station, 'fsync,fdatasync', ['fsync:error=EIO', 'fdatasync:error=EIO']);

    const failed = await station.call('reader.simulate', { cardId: learners[1] });
    assert.equal(!failed.ok && failed.error.code, 'LEDGER_WRITE_FAILED', JSON.stringify(failed));
    let health = (await station.value('station.health')) as Health;
    assert.equal(health.status, 'blocked');
    assert.equal(health.ledgerWritable, false);
    assert.equal(writeCheck(health)?.reason, 'ledger-write-failed');
    assert.equal(writeCheck(health)?.status, 'fail');
    // Still refused, and before any write reaches the disk.
    const again = await station.call('reader.simulate', { cardId: learners[2] });
    assert.equal(!again.ok && again.error.code, 'LEDGER_WRITE_FAILED');

    // While the disk keeps failing nothing resumes, however long we wait for the probe.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    health = (await station.value('station.health')) as Health;
    assert.equal(writeCheck(health)?.reason, 'ledger-write-failed');

    await strace.detach();
    health = await until('recording to resume after the re-check', async () => {
      const next = (await station.value('station.health')) as Health;
      return writeCheck(next)?.reason === 'ledger-write-resumed' ? next : null;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${station.log()}`);
    });
    assert.equal(health.ledgerWritable, true);
    assert.equal(health.status, 'degraded', 'the technician is still told the disk failed');
    assert.match(station.log(), /"event":"ledger.write_stopped".*SQLITE_IOERR_FSYNC/);
    assert.match(station.log(), /"event":"ledger.disk_works_again"/);
    assert.match(station.log(), /"event":"ledger.recording_resumed"/);
    assert.equal((await station.value('reader.simulate', { cardId: learners[3] })).kind, 'checked_in');

    await station.stop();
    assert.ok(assertLedgerSound(station.dataDir) >= 3);
  },
);

test(
  'a full disk (writes ENOSPC): taps refused with LEDGER_DISK_FULL, health says how much space is needed, then resumes after a re-check',
  { skip: unusable ?? false, timeout: 120_000 },
  async (t) => {
    const { station, learners } = await stationWithClass(t);
    const strace = await injectInto(t, station, 'pwrite64,pwritev,pwritev2', [
      'pwrite64:error=ENOSPC',
      'pwritev:error=ENOSPC',
      'pwritev2:error=ENOSPC',
    ]);

    const failed = await station.call('reader.simulate', { cardId: learners[1] }).catch((error: Error) => {
      throw new Error(`${error.message}\n${station.log()}\n${strace.output()}`);
    });
    assert.equal(!failed.ok && failed.error.code, 'LEDGER_DISK_FULL', JSON.stringify(failed));
    const health = (await station.value('station.health')) as Health;
    assert.equal(health.status, 'blocked');
    const check = writeCheck(health)!;
    assert.equal(check.reason, 'ledger-disk-full');
    assert.equal(check.params.needMb, 64);
    assert.equal(typeof check.params.freeMb, 'number');

    await strace.detach();
    await until('recording to resume after the re-check', async () => {
      const next = (await station.value('station.health')) as Health;
      return writeCheck(next)?.reason === 'ledger-write-resumed' ? next : null;
    });
    assert.equal((await station.value('reader.simulate', { cardId: learners[2] })).kind, 'checked_in');
    await station.stop();
    assert.ok(assertLedgerSound(station.dataDir) >= 3);
  },
);
