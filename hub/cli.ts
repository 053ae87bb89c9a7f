// npm run hub -- [--port N] [--host H] [--data DIR] [--demo small|full|none] [--log]
// Starts the reference hub and prints "Lectern hub: http://127.0.0.1:PORT/" once it listens.
// With the demo dataset (the default) it also prints a fresh enrollment token for site DEMO.
import path from 'node:path';
import { CliError, parseCommandLine, runCli, usageError } from '../common/node/cli.ts';
import { DEMO_SITE } from './demo-seed.ts';
import { startHub } from './server.ts';

const USAGE = `用法 / Usage: npm run hub -- [--port 8640] [--host 127.0.0.1] [--data DIR] [--demo small|full|none] [--log]

  启动省级平台（参考实现）；演示数据下同时打印站点 DEMO 的注册令牌。
  Starts the reference hub; with the demo data it also prints an enrollment token for site DEMO.
  --port 0 选择任一空闲端口 / any free port.  管理 / administration: npm run hub-admin -- --help`;

await runCli('hub', USAGE, async () => {
  const { values, positionals } = parseCommandLine({
    port: { type: 'string', default: '8640' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: path.resolve('.lectern-data', 'hub') },
    demo: { type: 'string', default: 'small' },
    log: { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw usageError(`多余的参数 ${positionals[0]}`, `unexpected argument ${positionals[0]}`);
  const demo = ({ small: true, full: 'full', none: false } as const)[values.demo as 'small' | 'full' | 'none'];
  if (demo === undefined) throw usageError('--demo 须为 small、full 或 none', '--demo is small, full or none');
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535)
    throw usageError('--port 须为 0–65535（0：任一空闲端口）', '--port is 0–65535 (0: any free port)');

  let hub: Awaited<ReturnType<typeof startHub>>;
  try {
    hub = await startHub({ dataDir: values.data, port, host: values.host, demo, logger: values.log });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new CliError(`端口 ${port} 已被占用`, `port ${port} is in use; choose another with --port`);
    if (code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR')
      throw new CliError(
        `无法写入平台数据目录 ${values.data}`,
        `cannot write the data folder ${values.data} (${code})`,
      );
    throw error;
  }
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
          console.error(`hub: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
    });
  }
});
