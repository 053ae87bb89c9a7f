// npm test: every suite CI runs, in order, each one's output shown as it comes, and a last
// line `N passed, N failed, N skipped` summing all of them. Build, typecheck and lint count
// as one check each; test runners count their tests. Exits non-zero if anything failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npmBin = path.join(repoRoot, 'node_modules', '.bin');

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, PATH: `${npmBin}${path.delimiter}${process.env.PATH}`, FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const relay = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function check(name: string, command: string, args: string[]): Promise<Tally> {
  console.log(`\n=== ${name} ===`);
  const { code } = await run(command, args);
  console.log(`=== ${name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} ===`);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
}

async function nodeTests(): Promise<Tally> {
  console.log('\n=== unit and integration (node:test) ===');
  const { code, output } = await run(process.execPath, [
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '{common,main,preload,protocol,native,hub,renderer,test,scripts,bench}/**/*.test.ts',
  ]);
  const count = (label: string) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? NaN);
  const tally = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
  if (Number.isNaN(tally.passed) || Number.isNaN(tally.failed)) return { passed: 0, failed: 1, skipped: 0 };
  // A non-zero exit with no failed test (a file that did not load) is still a failure.
  if (code !== 0 && tally.failed === 0) tally.failed = 1;
  return tally;
}

async function playwright(name: string, config: string): Promise<Tally> {
  console.log(`\n=== ${name} (Playwright) ===`);
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-report-')), 'report.json');
  const { code } = await run(path.join(npmBin, 'playwright'), ['test', '-c', config, '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_FILE: report,
  });
  if (!fs.existsSync(report)) return { passed: 0, failed: 1, skipped: 0 };
  const stats = (
    JSON.parse(fs.readFileSync(report, 'utf8')) as {
      stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    }
  ).stats;
  const tally = { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
  if (stats.flaky > 0)
    console.log(`${name}: ${stats.flaky} test(s) FLAKY — failed first, passed on retry; look at them`);
  if (code !== 0 && tally.failed === 0) tally.failed = 1;
  return tally;
}

const tallies: Tally[] = [];
tallies.push(await check('build (renderer, preload, Electron main)', 'npm', ['run', 'build', '--silent']));
tallies.push(await check('typecheck', 'npm', ['run', 'typecheck', '--silent']));
tallies.push(await check('lint (includes layering)', 'npm', ['run', 'lint', '--silent']));
tallies.push(await nodeTests());
tallies.push(await playwright('e2e in Chromium', 'test/e2e/playwright.config.ts'));
tallies.push(await playwright('Electron shell', 'test/electron/playwright.config.ts'));

const total = tallies.reduce(
  (sum, t) => ({ passed: sum.passed + t.passed, failed: sum.failed + t.failed, skipped: sum.skipped + t.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed === 0 ? 0 : 1;
