// Technician command: npm run diagnostics -- [--out DIR] [--data DIR]
// Writes the diagnostic bundle (diagnostics.ts) to a USB drive, or the data folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, parseCommandLine, runCli, usageError } from '../../common/node/cli.ts';
import { defaultDataDir } from '../runtime/data-dir.ts';
import { writeDiagnosticBundle } from './diagnostics.ts';

const USAGE = `用法 / Usage: npm run diagnostics -- [--out 目录 DIR] [--data DIR]

  写出诊断包：日志、去除密钥的配置、版本、账本完整性与哈希链校验结果、磁盘空间。
  默认写到已插入的 U 盘，没有 U 盘时写到数据目录的 diagnostics/。
  Writes the diagnostic bundle (logs, configuration without secrets, versions, ledger integrity
  and chain results, free space) to a USB drive, or the data folder's diagnostics/.`;

await runCli('diagnostics', USAGE, async () => {
  const { values, positionals } = parseCommandLine({ out: { type: 'string' }, data: { type: 'string' } });
  if (positionals.length > 0) throw usageError(`多余的参数 ${positionals[0]}`, `unexpected argument ${positionals[0]}`);
  const dataDir = path.resolve(values.data ?? defaultDataDir());
  if (!fs.existsSync(dataDir))
    throw new CliError(`数据目录 ${dataDir} 不存在`, `the data folder ${dataDir} does not exist; point --data at it`);
  const packageJson = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json');
  const { version } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string };
  let bundle;
  try {
    bundle = await writeDiagnosticBundle({ dataDir, version, target: values.out && path.resolve(values.out) });
  } catch (error) {
    throw new CliError('无法写出诊断包', `cannot write the bundle: ${(error as Error).message}`);
  }
  console.log(`诊断包已写入 / Diagnostic bundle written: ${bundle.path}\n  ${bundle.files.join('\n  ')}`);
});
