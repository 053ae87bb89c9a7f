// npm run bench -- <suite> [--runs N]: runs bench/suites/<suite>.ts N times (default 1), one
// after another in this process, and writes bench/out/<suite>.json — a flat object of named
// figures, each the median over the runs — plus, for N > 1, bench/out/<suite>.runs.json with
// every run's figures; prints the medians (and each run's value) as a table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './support/stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const suites = fs
  .readdirSync(path.join(here, 'suites'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '1' } },
});
const suite = positionals[0];
const runs = Number(values.runs);
if (!suite || !suites.includes(suite) || !Number.isInteger(runs) || runs < 1) {
  console.error(`Usage: npm run bench -- <suite> [--runs N]\nSuites: ${suites.join(', ')}`);
  process.exit(2);
}

const module = (await import(pathToFileURL(path.join(here, 'suites', `${suite}.ts`)).href)) as {
  run: () => Promise<Record<string, number>>;
};
const all: Record<string, number>[] = [];
for (let i = 0; i < runs; i += 1) {
  if (runs > 1) console.log(`bench ${suite}: run ${i + 1} of ${runs}`);
  const figures = await module.run();
  for (const [name, value] of Object.entries(figures)) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new Error(`Figure ${name} is not a finite number: ${value}`);
  }
  all.push(figures);
}
const names = Object.keys(all[0]!);
const figures = Object.fromEntries(names.map((name) => [name, median(all.map((run) => run[name]!))]));

const outDir = path.join(here, 'out');
fs.mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, `${suite}.json`);
fs.writeFileSync(outFile, JSON.stringify(figures, null, 2) + '\n');
if (runs > 1) fs.writeFileSync(path.join(outDir, `${suite}.runs.json`), JSON.stringify(all, null, 2) + '\n');

const show = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(3));
const width = Math.max(...names.map((name) => name.length));
console.log(
  `\nbench ${suite}  (${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores, ` +
    `load ${os.loadavg()[0]!.toFixed(2)}; ${runs > 1 ? `median of ${runs} runs` : 'one run'})`,
);
for (const name of names) {
  const each = runs > 1 ? `   [${all.map((run) => show(run[name]!)).join(', ')}]` : '';
  console.log(`  ${name.padEnd(width)}  ${show(figures[name]!)}${each}`);
}
console.log(`written to ${path.relative(process.cwd(), outFile)}`);
