// The first screen, for the room: the class in progress or next, a large prompt to tap a
// card (the tap's confirmation and the learner's summary come up over it), and what everyone
// must know when hours are not being recorded. A one-line status strip (the link to the hub)
// may sit above the class. The station's details are on the technician's page; the demo's
// card buttons show only in demo mode.
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { ClassroomStatus, TapView } from '../../../preload/contract/channels.ts';
import { ClassroomCard } from '../components/ClassroomCard.tsx';
import { DemoReader } from '../components/DemoReader.tsx';
import { LedgerBanners } from '../components/LedgerBanners.tsx';
import { LinkStatus } from '../components/LinkStatus.tsx';
import type { StationState } from '../hooks/use-station-state.ts';
import { useLocale } from '../i18n/locale.tsx';

type Props = {
  station: LecternApi;
  state: StationState;
  classroom: ClassroomStatus | null;
  onTap: (tap: TapView) => void;
  onTapError: (error: unknown) => void;
};

export function HomeScreen({ station, state, classroom, onTap, onTapError }: Props) {
  const { t } = useLocale();
  const { info, health, unreachable } = state;
  if (unreachable && !info)
    return (
      <p className="notice notice-error" role="alert">
        {t('home.unreachable')}
      </p>
    );
  if (!info || !health) return <p className="notice">{t('home.loading')}</p>;
  return (
    <main className="home home-room">
      <LedgerBanners info={info} health={health} />
      {unreachable && (
        <p className="notice notice-error" role="alert">
          {t('home.unreachable')}
        </p>
      )}
      <LinkStatus station={station} />
      {classroom && <ClassroomCard status={classroom} />}
      {classroom?.demo && classroom.state === 'ready' && (
        <DemoReader station={station} onTap={onTap} onError={onTapError} />
      )}
    </main>
  );
}
