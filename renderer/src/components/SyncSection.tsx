// The technician's page, its part about the hub: the link and a sync on demand, what the hub
// refused, the way back after a revocation, and the ledger's export.
import type { LecternApi } from '../../../preload/contract/api.ts';
import { useSyncStatus } from '../hooks/use-sync-status.ts';
import { LedgerExportCard } from './LedgerExportCard.tsx';
import { ReenrollCard } from './ReenrollCard.tsx';
import { SyncCard } from './SyncCard.tsx';
import { SyncProblems } from './SyncProblems.tsx';

export function SyncSection({ station }: { station: LecternApi }) {
  const [status, setStatus] = useSyncStatus(station);
  if (!status) return null;
  return (
    <>
      {status.state === 'revoked' && <ReenrollCard station={station} onStatus={setStatus} />}
      <SyncCard station={station} status={status} onStatus={setStatus} />
      <SyncProblems status={status} />
      <LedgerExportCard station={station} />
    </>
  );
}
