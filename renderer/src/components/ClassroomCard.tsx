// The home screen's card for the room, readable from the back rows: the class in progress or
// the next one today (title, time, lecturer) and a large prompt to tap a card; above them
// whether the station records now — and when it cannot, why not, in red.
import type { ClassroomStatus } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { clockTime } from './time.ts';

export function ClassroomCard({ status }: { status: ClassroomStatus }) {
  const { t } = useLocale();
  const ready = status.state === 'ready';
  const room = status.roomClass;
  return (
    <section className="room" data-testid="classroom-card">
      <p
        className={ready ? 'room-state state-ok' : 'room-state room-blocked'}
        role={ready ? 'status' : 'alert'}
        data-testid="classroom-state"
      >
        {t(`classroom.state.${status.state}`)}
      </p>
      {room ? (
        <div className="room-class" data-testid="room-class">
          <p className="room-kind">{t(room.kind === 'current' ? 'room.current' : 'room.next')}</p>
          <h2 className="room-title" data-testid="classroom-current">
            {room.title}
          </h2>
          <p className="room-meta">
            {room.startsAt !== null &&
              (room.endsAt !== null
                ? t('room.time', { start: clockTime(room.startsAt), end: clockTime(room.endsAt) })
                : t('room.since', { start: clockTime(room.startsAt) }))}
            {room.lecturer && <span className="room-lecturer">{t('room.lecturer', { name: room.lecturer })}</span>}
          </p>
        </div>
      ) : (
        ready && <p className="room-none">{t('room.none')}</p>
      )}
      {ready && (
        <p className={status.currentClass ? 'room-prompt' : 'room-prompt room-prompt-idle'} data-testid="tap-prompt">
          <span className="room-prompt-icon" aria-hidden="true">
            ▣
          </span>
          {t(status.currentClass ? 'room.tapPrompt' : 'room.tapPromptIdle')}
        </p>
      )}
    </section>
  );
}
