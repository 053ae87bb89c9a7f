// Who this station is and the state of its two databases, for the technician.
import type { StationInfo } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';

function splitDuration(totalSec: number) {
  const s = Math.floor(totalSec);
  return { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60), s: s % 60 };
}

export function StationDetails({ info }: { info: StationInfo }) {
  const { t } = useLocale();
  return (
    <>
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
    </>
  );
}
