// The reference hub in a child process of its own, for suites that measure a station (or
// many) against it: its CPU, memory and event loop are not the measuring process's.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const hubCli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'hub', 'cli.ts');

export type HubProcess = {
  url: string;
  /** CPU seconds (user + system, every thread) the hub process used so far; Linux (/proc) only, else NaN. */
  cpuSeconds(): number;
  stop(): Promise<void>;
};

// /proc/<pid>/stat counts in clock ticks: 100 a second on Linux (getconf CLK_TCK).
const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

export async function startHubProcess(dataDir: string, demo: 'small' | 'full' = 'full'): Promise<HubProcess> {
  const child = spawn(process.execPath, [hubCli, '--port', '0', '--data', dataDir, '--demo', demo], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Lectern hub: (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${output}`)));
  });
  return {
    url,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
