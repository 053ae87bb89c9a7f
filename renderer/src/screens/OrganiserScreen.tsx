// Class administration for the organiser, behind the PIN: today's classes from the schedule
// (open one), an unscheduled class, the classes of the day, the past classes and their
// reports, and the live attendance of the chosen one. The main area is a column of panels
// (the class's attendance today; the player's playlist and the projector's controls each
// mount as a panel of their own beside it). The PIN opens an organiser session; every call here carries it, and when it
// ends (idle too long, a new PIN) the organiser is back at the PIN gate, told why. Leaving
// the screen, by the button or by going elsewhere, locks the session at the station.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { AttendanceView, ChannelOutput, ClassroomStatus, TapView } from '../../../preload/contract/channels.ts';
import { AttendancePanel } from '../components/AttendancePanel.tsx';
import { DemoReader } from '../components/DemoReader.tsx';
import { ProjectorControls } from '../components/devices/ProjectorControls.tsx';
import { errorText, refusalText } from '../components/error-text.ts';
import { HistoryPanel } from '../components/HistoryPanel.tsx';
import { KeypadToggle, OnScreenKeys } from '../components/OnScreenKeys.tsx';
import { PinGate } from '../components/PinGate.tsx';
import { PlaybackLogPanel } from '../components/PlaybackLogPanel.tsx';
import { PlaylistPanel } from '../components/PlaylistPanel.tsx';
import { PresenterView } from '../components/PresenterView.tsx';
import { ReportPrint } from '../components/ReportPrint.tsx';
import { clockTime } from '../components/time.ts';
import { useLocale } from '../i18n/locale.tsx';
import {
  createOrganiserCaller,
  type OrganiserCall,
  type OrganiserCaller,
  type OrganiserSession,
} from '../station-client/organiser-calls.ts';

type Day = Exclude<ChannelOutput<'organiser.schedule'>, { refused: unknown }>;

/** The main area shows the history of past classes rather than one class. */
const HISTORY = 'history';
/** The main area shows the playback log of a day (节目播放记录). */
const PLAYBACK_LOG = 'playback-log';

type Props = {
  station: LecternApi;
  status: ClassroomStatus;
  onTap: (tap: TapView) => void;
  onTapError: (error: unknown) => void;
};

export function OrganiserScreen({ station, status, onTap, onTapError }: Props) {
  const { t } = useLocale();
  // Made when the organiser unlocks (an event, not a render: its idle timer starts then).
  const [caller, setCaller] = useState<OrganiserCaller | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Going to another screen locks the session, as the button does.
  const live = useRef(caller);
  live.current = caller;
  useEffect(() => () => void live.current?.lock(), []);

  if (!caller)
    return (
      <PinGate
        key={notice ?? 'door'}
        station={station}
        pinSet={status.pinSet}
        demo={status.demo}
        onUnlocked={(session) => {
          setNotice(null);
          setCaller(
            createOrganiserCaller(station, session, () => {
              setCaller(null);
              setNotice(t('organiser.sessionExpired'));
            }),
          );
        }}
        notice={notice}
      />
    );
  return (
    <Administration
      station={station}
      organiser={caller.session}
      call={caller.call}
      status={status}
      onLock={() => {
        void caller.lock();
        setCaller(null);
      }}
      onTap={onTap}
      onTapError={onTapError}
    />
  );
}

function Administration({
  station,
  organiser,
  call,
  status,
  onLock,
  onTap,
  onTapError,
}: Omit<Props, 'status'> & {
  status: ClassroomStatus;
  organiser: OrganiserSession;
  call: OrganiserCall;
  onLock: () => void;
}) {
  const { t } = useLocale();
  const [day, setDay] = useState<Day | null>(null);
  // A class's session id, or the history of past classes.
  const [selected, setSelected] = useState<string | null>(status.currentClass?.sessionId ?? null);
  const [title, setTitle] = useState('');
  const [titleKeys, setTitleKeys] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [printing, setPrinting] = useState<AttendanceView | null>(null);
  const [generation, setGeneration] = useState(0);
  const [presenting, setPresenting] = useState(false);
  const reload = () => setGeneration((g) => g + 1);

  useEffect(() => {
    let alive = true;
    call('organiser.schedule', {}).then(
      (answer) => alive && ('refused' in answer ? setMessage(refusalText(t, answer.refused)) : setDay(answer)),
      (error: unknown) => alive && setMessage(errorText(t, error)),
    );
    return () => {
      alive = false;
    };
  }, [call, generation, status.currentClass?.sessionId]);

  useEffect(() => {
    if (status.currentClass) setSelected(status.currentClass.sessionId);
  }, [status.currentClass?.sessionId]);

  const opened = (answer: ChannelOutput<'organiser.openScheduled'>) => {
    if ('refused' in answer) return setMessage(refusalText(t, answer.refused));
    setMessage(null);
    setSelected(answer.sessionId);
    reload();
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return setMessage(t('organiser.titleRequired'));
    setTitleKeys(false);
    call('organiser.createClass', { title: title.trim() }).then(
      (answer) => {
        opened(answer);
        if (!('refused' in answer)) setTitle('');
      },
      (error: unknown) => setMessage(errorText(t, error)),
    );
  };

  if (printing) return <ReportPrint view={printing} preparedBy={organiser.name} onBack={() => setPrinting(null)} />;
  const classSelected = selected !== null && selected !== HISTORY && selected !== PLAYBACK_LOG;
  if (presenting && classSelected)
    return <PresenterView station={station} call={call} sessionId={selected} onBack={() => setPresenting(false)} />;

  return (
    <main className="organiser">
      <aside className="organiser-side">
        <div className="organiser-who">
          <strong>{organiser.name}</strong>
          <button type="button" className="back" onClick={onLock} data-testid="organiser-lock">
            {t('organiser.lock')}
          </button>
        </div>
        <ProjectorControls station={station} call={call} />
        {message && (
          <p className="notice-error" role="alert" data-testid="organiser-message">
            {message}
          </p>
        )}
        <section className="card" data-testid="schedule">
          <h2>{t('organiser.today', { date: day?.date ?? '' })}</h2>
          {day && day.entries.length === 0 && <p className="hint">{t('organiser.noSchedule')}</p>}
          <ul className="schedule-list">
            {day?.entries.map((entry) => (
              <li key={entry.id} className="schedule-entry">
                <div>
                  <strong>{entry.title}</strong>
                  <span className="hint">
                    {t('organiser.scheduleLine', {
                      start: clockTime(entry.startsAt),
                      end: clockTime(entry.endsAt),
                      organiser: entry.organiser,
                    })}
                  </span>
                </div>
                {entry.session ? (
                  <button type="button" className="small" onClick={() => setSelected(entry.session!.sessionId)}>
                    {entry.session.status === 'closed' ? t('organiser.status.closed') : t('organiser.opened')}
                  </button>
                ) : entry.ended ? (
                  <span className="hint">{t('organiser.ended')}</span>
                ) : (
                  <button
                    type="button"
                    className="small primary"
                    data-testid={`open-${entry.id}`}
                    onClick={() =>
                      call('organiser.openScheduled', { scheduleId: entry.id }).then(opened, (error: unknown) =>
                        setMessage(errorText(t, error)),
                      )
                    }
                  >
                    {t('organiser.open')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
        <form className="card create-class" onSubmit={create} noValidate data-testid="create-class">
          <h2>{t('organiser.create')}</h2>
          <input
            className="field"
            maxLength={80}
            value={title}
            placeholder={t('organiser.classTitle')}
            aria-label={t('organiser.classTitle')}
            onChange={(event) => setTitle(event.target.value)}
            data-testid="class-title"
          />
          <KeypadToggle open={titleKeys} onToggle={() => setTitleKeys(!titleKeys)} testId="title-keypad-toggle" />
          {titleKeys && <OnScreenKeys value={title} onChange={setTitle} layout="letters" maxLength={80} />}
          <button type="submit" className="big primary" data-testid="create-class-submit">
            {t('organiser.createButton')}
          </button>
        </form>
        {day && day.sessions.length > 0 && (
          <section className="card" data-testid="sessions">
            <h2>{t('organiser.recent')}</h2>
            <ul className="schedule-list">
              {day.sessions.map((session) => (
                <li
                  key={session.sessionId}
                  className={session.sessionId === selected ? 'schedule-entry selected' : 'schedule-entry'}
                >
                  <div>
                    <strong>{session.title}</strong>
                    <span className="hint">
                      {clockTime(session.openedAt)} · {t(`organiser.status.${session.status}`)}
                    </span>
                  </div>
                  <button type="button" className="small" onClick={() => setSelected(session.sessionId)}>
                    {t('organiser.view')}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <button
          type="button"
          className={selected === HISTORY ? 'big primary' : 'big'}
          onClick={() => setSelected(HISTORY)}
          data-testid="open-history"
        >
          {t('history.title')}
        </button>
        <button
          type="button"
          className={selected === PLAYBACK_LOG ? 'big primary' : 'big'}
          onClick={() => setSelected(PLAYBACK_LOG)}
          data-testid="open-playback-log"
        >
          {t('log.title')}
        </button>
        <DemoReader station={station} onTap={onTap} onError={onTapError} />
      </aside>
      <div className="organiser-main">
        {classSelected && (
          <PlaylistPanel
            key={`playlist-${selected}`}
            station={station}
            call={call}
            sessionId={selected}
            onPresent={() => setPresenting(true)}
          />
        )}
        {selected === HISTORY ? (
          <HistoryPanel call={call} onOpen={setSelected} />
        ) : selected === PLAYBACK_LOG ? (
          <PlaybackLogPanel call={call} />
        ) : selected ? (
          <AttendancePanel
            key={selected}
            station={station}
            call={call}
            sessionId={selected}
            onChanged={reload}
            onPrint={setPrinting}
          />
        ) : (
          <p className="notice">{t('organiser.noneSelected')}</p>
        )}
      </div>
    </main>
  );
}
