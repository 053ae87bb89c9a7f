// While someone studies alone at the station: who, and the button that ends it (their card
// ends it too).
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { ClassroomStatus } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';

export function SelfStudyBanner({
  station,
  study,
}: {
  station: LecternApi;
  study: NonNullable<ClassroomStatus['selfStudy']>;
}) {
  const { t } = useLocale();
  return (
    <div className="self-study-banner" role="status" data-testid="self-study-banner">
      <strong>{t('selfStudy.banner', { name: study.learnerName })}</strong>
      <span className="hint">{t('selfStudy.hint')}</span>
      <button
        type="button"
        className="big"
        onClick={() => void station.invoke('selfStudy.end', { sessionId: study.sessionId }).catch(() => undefined)}
      >
        {t('selfStudy.end')}
      </button>
    </div>
  );
}
