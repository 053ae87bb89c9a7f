// The first screen: whether cadres can check in now and which class is open, then who this
// station is and whether it can record learning hours. Honest about what is not there yet:
// an unprovisioned station says so, a ledger that failed verification names the record.
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { ClassroomStatus, StationHealth, StationInfo, TapView } from '../../../preload/contract/channels.ts';
import { ClassroomCard } from '../components/ClassroomCard.tsx';
import { DemoReader } from '../components/DemoReader.tsx';
import { SyncCard } from '../components/SyncCard.tsx';
import { clockTime } from '../components/time.ts';
import { useLocale } from '../i18n/locale.tsx';

const REFRESH_MS = 5000;

const LEDGER_PROBLEMS = [
  'sequence',
  'station',
  'chain',
  'hash',
  'signature',
  'unreadable',
  'truncated',
  'checkpoint',
] as const;

/** Parameters that are instants (ISO times), shown as the station's local clock time. */
const TIME_PARAMS = ['at', 'resumedAt'];

/** A check's parameters for its message; the chain problem's code in the station's words, times as clock times. */
function checkParams(
  check: StationHealth['checks'][number],
  t: ReturnType<typeof useLocale>['t'],
): Record<string, string | number> {
  const params = { ...check.params };
  for (const key of TIME_PARAMS) {
    const value = params[key];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) params[key] = clockTime(Date.parse(value));
  }
  const problem = LEDGER_PROBLEMS.find((code) => code === check.params.problem);
  return problem ? { ...params, problem: t(`ledger.problem.${problem}`) } : params;
}

function splitDuration(totalSec: number) {
  const s = Math.floor(totalSec);
  return { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60), s: s % 60 };
}

type Props = {
  station: LecternApi;
  classroom: ClassroomStatus | null;
  onTap: (tap: TapView) => void;
  onTapError: (error: unknown) => void;
};

export function HomeScreen({ station, classroom, onTap, onTapError }: Props) {
  const { t } = useLocale();
  const [info, setInfo] = useState<StationInfo | null>(null);
  const [health, setHealth] = useState<StationHealth | null>(null);
  const [unreachable, setUnreachable] = useState(false);

  useEffect(() => {
    let alive = true;
    const load = () => {
      Promise.all([station.invoke('station.info', {}), station.invoke('station.health', {})])
        .then(([nextInfo, nextHealth]) => {
          if (!alive) return;
          setInfo(nextInfo);
          setHealth(nextHealth);
          setUnreachable(false);
        })
        .catch(() => alive && setUnreachable(true));
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    const unsubscribe = station.on('station.healthChanged', (next) => alive && setHealth(next));
    return () => {
      alive = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, [station]);

  if (unreachable && !info)
    return (
      <p className="notice notice-error" role="alert">
        {t('home.unreachable')}
      </p>
    );
  if (!info || !health) return <p className="notice">{t('home.loading')}</p>;

  const ledger = info.databases.ledger;
  const chain = health.checks.find((check) => check.id === 'ledger-chain' && check.status === 'fail');
  const disk = health.checks.find((check) => check.id === 'ledger-write' && check.status === 'fail');
  return (
    <main className="home">
      {ledger.state === 'quarantined' && (
        <section className="banner banner-blocked" role="alert" data-testid="ledger-blocked">
          <h2>{t('ledger.blocked.title')}</h2>
          <p>{t('ledger.blocked.body', { movedTo: ledger.movedTo ?? '?' })}</p>
          <p className="hint">{t('ledger.blocked.action')}</p>
        </section>
      )}
      {chain && (
        <section className="banner banner-blocked" role="alert" data-testid="ledger-broken">
          <h2>{t('ledger.broken.title')}</h2>
          <p>{t('ledger.broken.body', checkParams(chain, t))}</p>
        </section>
      )}
      {disk && (
        <section className="banner banner-blocked" role="alert" data-testid="ledger-disk">
          <h2>{t('ledger.disk.title')}</h2>
          <p>
            {t(
              disk.reason === 'ledger-disk-full'
                ? 'ledger.disk.full'
                : disk.reason === 'ledger-write-reverifying'
                  ? 'ledger.disk.reverifying'
                  : 'ledger.disk.failed',
              checkParams(disk, t),
            )}
          </p>
        </section>
      )}
      {unreachable && (
        <p className="notice notice-error" role="alert">
          {t('home.unreachable')}
        </p>
      )}
      {classroom && <ClassroomCard status={classroom} />}
      {classroom?.demo && classroom.state === 'ready' && (
        <DemoReader station={station} onTap={onTap} onError={onTapError} />
      )}

      <section className="card" data-testid="station-info">
        <h2>{t('station.heading')}</h2>
        <dl>
          <dt>{t('station.id')}</dt>
          <dd data-testid="station-id">
            {info.stationId ?? (
              <>
                <strong>{t('station.unprovisioned')}</strong>
                <span className="hint">{t('station.unprovisionedHint')}</span>
              </>
            )}
          </dd>
          <dt>{t('station.version')}</dt>
          <dd data-testid="station-version">{info.version}</dd>
          <dt>{t('station.runtime')}</dt>
          <dd>{t(`station.runtime.${info.runtime}`)}</dd>
          <dt>{t('station.dataDir')}</dt>
          <dd className="path" data-testid="station-data-dir">
            {info.dataDir}
          </dd>
          <dt>{t('station.uptime')}</dt>
          <dd>{t('duration.hms', splitDuration(info.uptimeSec))}</dd>
        </dl>
      </section>

      <SyncCard station={station} />

      <section className="card" data-testid="databases">
        <h2>{t('db.heading')}</h2>
        <dl>
          {(['catalog', 'ledger'] as const).map((name) => {
            const db = info.databases[name];
            return (
              <div key={name} className="row">
                <dt>{t(`db.${name}`)}</dt>
                <dd className={`state state-${db.state}`} data-testid={`db-${name}`}>
                  {t(`db.state.${db.state}`)}
                  {db.state !== 'quarantined' && (
                    <span className="hint">
                      {t('db.schema')} v{db.schemaVersion}
                    </span>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      </section>

      <section className="card" data-testid="health">
        <h2>
          {t('health.heading')}:{' '}
          <span className={`state state-${health.status}`} data-testid="health-status">
            {t(`health.status.${health.status}`)}
          </span>
        </h2>
        <ul className="checks">
          {health.checks.map((check) => (
            <li key={check.id} className={`state-${check.status}`}>
              <strong>{t(`health.check.${check.id}`)}</strong>{' '}
              {t(`health.reason.${check.reason}`, checkParams(check, t))}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
