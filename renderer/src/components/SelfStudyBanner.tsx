// While someone studies alone at the station: who, what plays for them now, and how it ends —
// their own card tapped again (nobody else can end it from the screen).
import type { ClassroomStatus } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';

export function SelfStudyBanner({ study }: { study: NonNullable<ClassroomStatus['selfStudy']> }) {
  const { t } = useLocale();
  return (
    <div className="self-study-banner" role="status" data-testid="self-study-banner">
      <strong>{t('selfStudy.banner', { name: study.learnerName })}</strong>
      <span className="self-study-playing" data-testid="self-study-playing">
        {study.playing ? t('selfStudy.playing', { title: study.playing }) : t('selfStudy.choose')}
      </span>
      <span className="hint">{t('selfStudy.endHint')}</span>
    </div>
  );
}
