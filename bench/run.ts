// npm run bench -- <suite>: runs bench/suites/<suite>.ts, writes bench/out/<suite>.json (a
// flat object of named figures) and prints them as a table.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const suites = fs
  .readdirSync(path.join(here, 'suites'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3));
const suite = process.argv[2];
if (!suite || !suites.includes(suite)) {
  console.error(`Usage: npm run bench -- <suite>\nSuites: ${suites.join(', ')}`);
  process.exit(2);
}

const module = (await import(pathToFileURL(path.join(here, 'suites', `${suite}.ts`)).href)) as {
  run: () => Promise<Record<string, number>>;
};
const figures = await module.run();
for (const [name, value] of Object.entries(figures)) {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`Figure ${name} is not a finite number: ${value}`);
}
const outDir = path.join(here, 'out');
fs.mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, `${suite}.json`);
fs.writeFileSync(outFile, JSON.stringify(figures, null, 2) + '\n');

const width = Math.max(...Object.keys(figures).map((name) => name.length));
console.log(`\nbench ${suite}  (${new Date().toISOString()}, node ${process.version})`);
for (const [name, value] of Object.entries(figures)) {
  console.log(`  ${name.padEnd(width)}  ${Number.isInteger(value) ? value : value.toFixed(3)}`);
}
console.log(`written to ${path.relative(process.cwd(), outFile)}`);
