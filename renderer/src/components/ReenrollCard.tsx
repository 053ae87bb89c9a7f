// Shown when the hub revoked this station's key: the way back, with a one-time token from
// the hub's administrator. The station keeps its ledger; the hub links the new key.
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { SyncStatus } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { ActionForm } from './ActionForm.tsx';
import { errorText, refusalText } from './error-text.ts';

type Props = { station: LecternApi; onStatus: (status: SyncStatus) => void };

export function ReenrollCard({ station, onStatus }: Props) {
  const { t } = useLocale();
  const reenroll = (token: string) =>
    station.invoke('sync.reenroll', { token }).then(
      (answer) => {
        if ('refused' in answer) return { text: refusalText(t, answer.refused), error: true };
        onStatus(answer);
        return { text: t('sync.reenroll.done'), error: false };
      },
      (error: unknown) => ({ text: errorText(t, error), error: true }),
    );
  return (
    <section className="card banner-card" data-testid="reenroll">
      <h2 className="state-fail">{t('sync.reenroll.heading')}</h2>
      <p>{t('sync.reenroll.hint')}</p>
      <ActionForm
        label={t('sync.reenroll.token')}
        button={t('sync.reenroll.submit')}
        action={reenroll}
        ready={(token) => token.length >= 16}
        primary
        testId="reenroll"
      />
    </section>
  );
}
