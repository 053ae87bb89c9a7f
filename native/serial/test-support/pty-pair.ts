// Two connected pseudo-terminals made by `socat`, for the serial drivers' tests: the station
// opens one end as its serial port, a fake device (a projector, an ID card reader) the
// other. Killing socat is pulling the cable; starting it again on the same paths plugs it back.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type PtyPair = {
  /** The end the station's driver opens. */
  readonly station: string;
  /** The end the fake device opens. */
  readonly device: string;
  /** Pulls the cable: both ends go away. */
  unplug(): Promise<void>;
  /** Plugs it back on the same paths. */
  plug(): Promise<void>;
  close(): Promise<void>;
};

export async function startPtyPair(): Promise<PtyPair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-pty-'));
  const station = path.join(dir, 'station');
  const device = path.join(dir, 'device');
  let socat: ChildProcess | null = null;

  const plug = async () => {
    const child = spawn('socat', [`pty,raw,echo=0,link=${station}`, `pty,raw,echo=0,link=${device}`], {
      stdio: 'ignore',
    });
    socat = child;
    const began = Date.now();
    while (!(fs.existsSync(station) && fs.existsSync(device))) {
      if (child.exitCode !== null || Date.now() - began > 5000) throw new Error('socat did not make its ptys');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const unplug = async () => {
    const child = socat;
    socat = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  await plug();
  return {
    station,
    device,
    unplug,
    plug,
    async close() {
      await unplug();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
