// The reference hub in a child process of its own, for suites that measure a station (or
// many) against it: its CPU, memory and event loop are not the measuring process's.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const hubCli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'hub', 'cli.ts');

export async function startHubProcess(
  dataDir: string,
  demo: 'small' | 'full' = 'full',
): Promise<{ url: string; stop(): Promise<void> }> {
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
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
