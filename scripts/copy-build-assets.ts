// The compiled Electron main (dist/) reads files beside its own code, as the unbuilt code
// does: the SQL migrations, and the demo hub's playable lesson fixtures (the embedded demo
// default serves them). tsc copies neither, so this does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ASSETS = ['main/storage/migrations', 'hub/demo/media'];

for (const asset of ASSETS) {
  const from = path.join(repoRoot, asset);
  const to = path.join(repoRoot, 'dist', asset);
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}
