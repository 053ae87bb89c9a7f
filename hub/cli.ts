// npm run hub -- [--port N] [--host H] [--data DIR] [--demo small|full|none] [--log]
// Starts the reference hub and prints "Lectern hub: http://127.0.0.1:PORT/" once it listens.
// With the demo dataset (the default) it also prints a fresh enrollment token for site DEMO.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_SITE } from './demo-seed.ts';
import { startHub } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8640' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: path.resolve('.lectern-data', 'hub') },
    demo: { type: 'string', default: 'small' },
    log: { type: 'boolean', default: false },
  },
});

const demo = ({ small: true, full: 'full', none: false } as const)[values.demo as 'small' | 'full' | 'none'];
if (demo === undefined) {
  console.error('--demo is small, full or none');
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('--port is 0–65535 (0: any free port)');
  process.exit(2);
}

const hub = await startHub({ dataDir: values.data, port, host: values.host, demo, logger: values.log });
console.log(`Lectern hub: ${hub.url}  (data ${values.data})`);
if (demo !== false) {
  const { token, expiresAt } = hub.admin.createEnrollmentToken({ siteCode: DEMO_SITE.code });
  console.log(
    `Demo site ${DEMO_SITE.code}: enrollment token ${token} (valid until ${new Date(expiresAt).toISOString()})`,
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
