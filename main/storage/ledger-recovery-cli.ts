// Technician command: npm run ledger-recovery -- <status|backups|restore SOURCE|start-fresh> [--data DIR]
// SOURCE: latest (the newest daily backup), a backup file, or an export folder.
import { CliError, parseCommandLine, runCli, usageError } from '../../common/node/cli.ts';
import { defaultDataDir } from '../runtime/data-dir.ts';
import { dailyBackups } from './ledger-backup.ts';
import { recoveryStatus, restoreLedger, startFreshLedger } from './ledger-recovery.ts';

const USAGE = `用法 / Usage: npm run ledger-recovery -- <status | backups | restore SOURCE | start-fresh> [--data DIR]

  status          学时账本是否已隔离、副本在哪里 / whether the ledger is quarantined, where the copy is
  backups         列出每日备份 / list the verified daily backups
  restore SOURCE  放回一个完好的副本（先做完整性检查）：latest、备份文件或导出文件夹
                  / put back a sound copy (checked first): latest, a backup file or an export folder
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
        ? `学时账本已隔离 / Ledger QUARANTINED since ${status.marker.at}\n  damaged copy: ${status.marker.movedTo}\n  reason: ${status.marker.reason}\nRecover with: restore latest | restore <backup.db or export folder>  or  start-fresh`
        : `学时账本未被隔离 / Ledger is not quarantined (${dataDir}).`,
    );
  } else if (command === 'backups') {
    const copies = wrap(() => dailyBackups(dataDir));
    if (copies.length === 0) console.log(`没有每日备份 / No verified daily backup in ${dataDir}/backups.`);
    for (const copy of copies)
      console.log(
        `${copy.file}  ${copy.at}  events 1…${copy.headSeq}  hub acknowledged ${copy.ackedSeq}  ${copy.bytes} bytes`,
      );
  } else if (command === 'restore') {
    if (!file)
      throw usageError('restore 需要 latest、备份文件或导出文件夹', 'restore needs latest, a FILE or a FOLDER');
    const restored = wrap(() => restoreLedger(dataDir, file));
    console.log(
      `已从 ${restored.file} 恢复学时账本，请重新启动本机 / Restored the ledger from ${restored.file}${restored.madeAt ? ` (made ${restored.madeAt})` : ''}: events 1…${restored.headSeq}, the hub had acknowledged ${restored.ackedSeq}.\nEvents recorded after that copy are only in the quarantined ledger (and at the hub, if they were pushed). Start the station again.`,
    );
  } else if (command === 'start-fresh') {
    wrap(() => startFreshLedger(dataDir));
    console.log(
      '隔离已解除，下次启动时新建空账本；损坏的副本仍在 quarantine/ / The quarantine is lifted; the station will create an empty ledger at its next start. The damaged copy stays in quarantine/.',
    );
  } else throw usageError(`未知命令 ${command}`, `unknown command ${command}`);
});
