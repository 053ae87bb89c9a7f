// pcscd with the vpcd driver and a card emulator (vpcd-card.ts), for the PC/SC tests. vpcd
// listens for its card on every interface, so pcscd and the card run inside a network
// namespace the test creates (only its own loopback there); the test process reaches pcscd
// through its socket /run/pcscd/pcscd.comm, a file that every namespace sees. pcscd 1.9
// always uses that path (it ignores PCSCLITE_CSOCK_NAME), so the tests skip, saying why,
// where a system pcscd already runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
export const READER_NAME = 'Lectern Test PCD';

/** Why PC/SC tests cannot run here, or null when they can. */
export function pcscMissing(): string | null {
  if (spawnSync('pcscd', ['--version']).error) return 'pcscd is not installed (Debian package pcscd)';
  if (!fs.existsSync(VPCD_DRIVER)) return 'the vpcd driver is not installed (Debian package vsmartcard-vpcd)';
  if (fs.existsSync(PCSCD_SOCKET)) return `a pcscd is already running here (${PCSCD_SOCKET} exists)`;
  if (spawnSync('ip', ['netns', 'list']).status !== 0) return 'cannot make a network namespace (ip netns, as root)';
  return null;
}

export type PcscRig = {
  startPcscd(): Promise<void>;
  stopPcscd(): Promise<void>;
  insert(uid: string): Promise<void>;
  remove(): Promise<void>;
  /** The card answers GET DATA with these bytes (hex) instead of its UID; null: its UID again. */
  override(hex: string | null): Promise<void>;
  close(): Promise<void>;
};

export async function startPcscRig(): Promise<PcscRig> {
  const namespace = `lectern-pcsc-${process.pid}`;
  const run = (...args: string[]) => {
    const result = spawnSync('ip', args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
  };
  run('netns', 'add', namespace);
  run('netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'up');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-pcscd-'));
  fs.mkdirSync(path.join(dir, 'reader.conf.d'));
  fs.writeFileSync(
    path.join(dir, 'reader.conf.d', 'vpcd'),
    `FRIENDLYNAME "${READER_NAME}"\nDEVICENAME /dev/null:0x8C7B\nLIBPATH ${VPCD_DRIVER}\nCHANNELID 0x8C7B\n`,
  );

  const card = spawn(
    'ip',
    ['netns', 'exec', namespace, process.execPath, path.join(import.meta.dirname, 'vpcd-card.ts')],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const answers = readline.createInterface({ input: card.stdout! });
  const tell = (line: string) =>
    new Promise<void>((resolve) => {
      answers.once('line', () => resolve());
      card.stdin!.write(`${line}\n`);
    });

  let pcscd: ChildProcess | null = null;
  const stopPcscd = async () => {
    const running = pcscd;
    pcscd = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  return {
    async startPcscd() {
      pcscd = spawn(
        'ip',
        ['netns', 'exec', namespace, 'pcscd', '--foreground', '--config', path.join(dir, 'reader.conf.d')],
        {
          stdio: 'ignore',
        },
      );
      const began = Date.now();
      while (!fs.existsSync(PCSCD_SOCKET)) {
        if (pcscd.exitCode !== null || Date.now() - began > 5000) throw new Error('pcscd did not start');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stopPcscd,
    insert: (uid) => tell(`insert ${uid}`),
    remove: () => tell('remove'),
    override: (hex) => tell(`override ${hex ?? '-'}`),
    async close() {
      await stopPcscd();
      card.stdin!.end();
      if (card.exitCode === null) await new Promise((resolve) => card.once('exit', resolve));
      spawnSync('ip', ['netns', 'del', namespace]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
