// The compiled Electron main (dist/) reads its SQL migrations beside its own code, as the
// unbuilt code does; tsc does not copy .sql files, so this does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(repoRoot, 'main', 'storage', 'migrations');
const to = path.join(repoRoot, 'dist', 'main', 'storage', 'migrations');
fs.rmSync(to, { recursive: true, force: true });
fs.cpSync(from, to, { recursive: true });
