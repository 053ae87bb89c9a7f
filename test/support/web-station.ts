// Starts the real browser shell (`node main/web/cli.ts`) as a child process on a free port,
// with its own data folder, and returns the launch URL it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HTTP_INVOKE_PREFIX } from '../../preload/contract/wire-names.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 20_000;

export interface WebStation {
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** `port`: a fixed one (a kiosk's restart test); any free one by default. `args`: more of cli.ts's options. */
export async function startWebStation(
  options: { dataDir?: string; port?: number; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<WebStation> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));
  const cli = path.join(repoRoot, 'main/web/cli.ts');
  const args = [cli, '--port', String(options.port ?? 0), '--data', dataDir, ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    env: options.env ?? process.env,
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`station did not print its URL in time:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`station exited with ${code} before printing its URL:\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A contract call from the test process, as the renderer makes it; throws the error of a failed envelope. */
export async function invokeStation(
  station: Pick<WebStation, 'url' | 'origin'>,
  channel: string,
  input: unknown = {},
): Promise<Record<string, unknown>> {
  const token = new URL(station.url).hash.replace('#token=', '');
  const response = await fetch(station.origin + HTTP_INVOKE_PREFIX + channel, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const envelope = (await response.json()) as { ok: boolean; value?: Record<string, unknown>; error?: unknown };
  if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
  return envelope.value!;
}

/** The station's projector window (the audience view), as the browser shell opens it. */
export function audienceUrlOf(station: WebStation): string {
  return `${station.origin}/?view=audience${new URL(station.url).hash}`;
}
