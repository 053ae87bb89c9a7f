// The home screen's classroom card: whether the station records attendance now, and which
// class is open, in type readable from the back rows.
import type { ClassroomStatus } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';

export function ClassroomCard({ status }: { status: ClassroomStatus }) {
  const { t } = useLocale();
  return (
    <section className="card classroom-card" data-testid="classroom-card">
      <h2>
        {t('classroom.heading')}:{' '}
        <span
          className={status.state === 'ready' ? 'state state-ok' : 'state state-fail'}
          data-testid="classroom-state"
        >
          {t(`classroom.state.${status.state}`)}
        </span>
      </h2>
      {status.currentClass ? (
        <>
          <p className="classroom-current" data-testid="classroom-current">
            {t('classroom.current', { title: status.currentClass.title })}
          </p>
          <p className="classroom-hint">{t('classroom.tapHint')}</p>
        </>
      ) : (
        status.state === 'ready' && <p>{t('classroom.noClass')}</p>
      )}
    </section>
  );
}
