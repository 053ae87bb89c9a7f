// The technician's page: who this station is, its databases, its link to the hub and its
// health checks, with the same banners the room sees when hours are not being recorded.
import type { LecternApi } from '../../../preload/contract/api.ts';
import { HealthCard } from '../components/HealthCard.tsx';
import { LedgerBanners } from '../components/LedgerBanners.tsx';
import { StationDetails } from '../components/StationDetails.tsx';
import { SyncSection } from '../components/SyncSection.tsx';
import type { StationState } from '../hooks/use-station-state.ts';
import { useLocale } from '../i18n/locale.tsx';

export function TechnicianScreen({ station, state }: { station: LecternApi; state: StationState }) {
  const { t } = useLocale();
  const { info, health, unreachable } = state;
  if (!info || !health) return <p className="notice">{t(unreachable ? 'home.unreachable' : 'home.loading')}</p>;
  return (
    <main className="technician" data-testid="technician">
      <LedgerBanners info={info} health={health} />
      <StationDetails info={info} />
      <SyncSection station={station} />
      <HealthCard health={health} />
    </main>
  );
}
