// What everyone in the room must see when hours are not being recorded: a quarantined ledger,
// a chain that failed its check, a disk that stopped saving. Shown on the home screen and the
// technician's page alike.
import type { StationHealth, StationInfo } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { checkParams } from './health-params.ts';

export function LedgerBanners({ info, health }: { info: StationInfo; health: StationHealth }) {
  const { t } = useLocale();
  const ledger = info.databases.ledger;
  const chain = health.checks.find((check) => check.id === 'ledger-chain' && check.status === 'fail');
  const disk = health.checks.find((check) => check.id === 'ledger-write' && check.status === 'fail');
  return (
    <>
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
    </>
  );
}
