// Technician command: npm run ledger-recovery -- <status|restore FILE|start-fresh> [--data DIR]
import { CliError, parseCommandLine, runCli, usageError } from '../../common/node/cli.ts';
import { defaultDataDir } from '../runtime/data-dir.ts';
import { recoveryStatus, restoreLedger, startFreshLedger } from './ledger-recovery.ts';

const USAGE = `用法 / Usage: npm run ledger-recovery -- <status | restore FILE | start-fresh> [--data DIR]

  status          学时账本是否已隔离、副本在哪里 / whether the ledger is quarantined, where the copy is
  restore FILE    放回一个完好的备份（先做完整性检查）/ put back a sound backup (integrity-checked first)
  start-fresh     接受空账本，损坏的副本保留在 quarantine/ / accept an empty ledger; the damaged copy stays`;

await runCli('ledger-recovery', USAGE, () => {
  const { values, positionals } = parseCommandLine({ data: { type: 'string' } });
  const dataDir = values.data ?? defaultDataDir();
  const [command, file] = positionals;
  const wrap = <T>(action: () => T): T => {
    try {
      return action();
    } catch (error) {
      throw new CliError('操作未完成', (error as Error).message);
    }
  };
  if (command === 'status' || command === undefined) {
    const status = wrap(() => recoveryStatus(dataDir));
    console.log(
      status.quarantined
        ? `学时账本已隔离 / Ledger QUARANTINED since ${status.marker.at}\n  damaged copy: ${status.marker.movedTo}\n  reason: ${status.marker.reason}\nRecover with: restore <backup.db>  or  start-fresh`
        : `学时账本未被隔离 / Ledger is not quarantined (${dataDir}).`,
    );
  } else if (command === 'restore') {
    if (!file) throw usageError('restore 需要备份文件', 'restore needs a backup FILE');
    wrap(() => restoreLedger(dataDir, file));
    console.log(
      `已从 ${file} 恢复学时账本，请重新启动本机 / Restored the ledger from ${file}. Start the station again.`,
    );
  } else if (command === 'start-fresh') {
    wrap(() => startFreshLedger(dataDir));
    console.log(
      '隔离已解除，下次启动时新建空账本；损坏的副本仍在 quarantine/ / The quarantine is lifted; the station will create an empty ledger at its next start. The damaged copy stays in quarantine/.',
    );
  } else throw usageError(`未知命令 ${command}`, `unknown command ${command}`);
});
