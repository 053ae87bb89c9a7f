import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LecternApi } from '../../preload/contract/api.ts';
import type { LessonView, TapView } from '../../preload/contract/channels.ts';
import { AttentionPrompt } from './components/AttentionPrompt.tsx';
import { errorText, refusalText } from './components/error-text.ts';
import { SelfStudyBanner } from './components/SelfStudyBanner.tsx';
import { TapOverlay, type TapShown } from './components/TapOverlay.tsx';
import { useClassroomStatus } from './hooks/use-classroom-status.ts';
import { useKioskNavigation } from './hooks/use-kiosk-navigation.ts';
import { useStationState, type StationState } from './hooks/use-station-state.ts';
import { useLocale } from './i18n/locale.tsx';
import { useCardReader } from './reader/use-card-reader.ts';
import { playTapSound } from './reader/tap-sound.ts';
import { CourseScreen } from './screens/CourseScreen.tsx';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { LibraryScreen } from './screens/LibraryScreen.tsx';
import { OrganiserScreen } from './screens/OrganiserScreen.tsx';
import { PlayerScreen } from './screens/PlayerScreen.tsx';
import { AudienceScreen } from './screens/AudienceScreen.tsx';
import { isAudienceWindow } from './player/audience-window.ts';
import { TechnicianScreen } from './screens/TechnicianScreen.tsx';
import { connectToStation } from './station-client/station-client.ts';

type View =
  | { screen: 'home' }
  | { screen: 'organiser' }
  | { screen: 'technician' }
  | { screen: 'library' }
  | { screen: 'course'; courseId: string }
  | { screen: 'player'; courseId: string; lesson: LessonView };
type Tab = 'home' | 'organiser' | 'library' | 'technician';

function tabOf(view: View): Tab {
  return view.screen === 'home' || view.screen === 'organiser' || view.screen === 'technician'
    ? view.screen
    : 'library';
}

/** The idle return's delay; a test page may shorten it with ?idle=<ms>. */
function kioskIdleMs(): number | undefined {
  const value = Number(new URLSearchParams(window.location.search).get('idle'));
  return value > 0 ? value : undefined;
}

export function App() {
  const station = useMemo(() => connectToStation(), []);
  const { t, toggle } = useLocale();
  // The projector window shows the lecture alone.
  if (isAudienceWindow() && !('error' in station)) return <AudienceScreen station={station} />;
  return (
    <div className="app">
      {'error' in station ? (
        <>
          <header className="topbar">
            <h1>
              {t('app.title')} <small>{t('app.subtitle')}</small>
            </h1>
            <button type="button" className="lang" onClick={toggle} data-testid="lang-switch">
              {t('lang.switch')}
            </button>
          </header>
          <p className="notice notice-error" role="alert">
            {t('home.noToken')}
          </p>
        </>
      ) : (
        <Station station={station} />
      )}
    </div>
  );
}

function Station({ station }: { station: LecternApi }) {
  const { t, toggle } = useLocale();
  const [view, setView] = useState<View>({ screen: 'home' });
  const [shown, setShown] = useState<TapShown | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const status = useClassroomStatus(station);
  const stationState = useStationState(station);
  // The kiosk shell loads #fault after repeated renderer crashes (main/station/kiosk/crash-recovery.ts).
  const recoveredFromFault = window.location.hash === '#fault';

  // A tap is shown from whichever arrives first: the answer to this screen's own call, or
  // the station's classroom.tapped event (a tap from another reader or screen).
  const showTap = useCallback((tap: TapView) => {
    setNotice(null);
    setShown((current) => {
      if (current && 'tap' in current && current.tap.tapId === tap.tapId) return current;
      if (tap.kind !== 'ignored') playTapSound(tap.kind === 'unknown_card' ? 'unknown' : 'ok');
      return { tap };
    });
  }, []);
  const showTapError = useCallback((error: unknown) => {
    playTapSound('unknown');
    setShown({ error });
  }, []);
  useCardReader(station, showTap, showTapError);
  useKioskNavigation(station, view.screen, (screen) => setView({ screen }), kioskIdleMs());
  useEffect(() => station.on('classroom.tapped', showTap), [station, showTap]);

  const startSelfStudy = (tapId: string) => {
    setShown(null);
    station.invoke('selfStudy.start', { tapId }).then(
      (answer) => {
        if ('refused' in answer) return setNotice(refusalText(t, answer.refused));
        setNotice(null);
        setView({ screen: 'library' });
      },
      (error: unknown) => setNotice(errorText(t, error)),
    );
  };

  const tab = (screen: Tab, label: string) => (
    <button
      type="button"
      className={tabOf(view) === screen ? 'tab active' : 'tab'}
      onClick={() => setView({ screen })}
      data-testid={`nav-${screen}`}
    >
      {label}
    </button>
  );

  return (
    <>
      <header className="topbar">
        <h1>
          {t('app.title')} <small>{t('app.subtitle')}</small>
        </h1>
        <nav className="tabs">
          {tab('home', t('nav.home'))}
          {tab('organiser', t('nav.organiser'))}
          {tab('library', t('nav.library'))}
          {tab('technician', t('nav.technician'))}
        </nav>
        {/* The station's language is the technician's to set, not a learner's. */}
        {view.screen === 'technician' && (
          <button type="button" className="lang" onClick={toggle} data-testid="lang-switch">
            {t('lang.switch')}
          </button>
        )}
      </header>
      {recoveredFromFault && (
        <p className="notice notice-warn" role="status">
          {t('fault.recovered')}
        </p>
      )}
      {notice && (
        <p className="notice notice-error" role="alert">
          {notice}
        </p>
      )}
      {status?.selfStudy && <SelfStudyBanner study={status.selfStudy} />}
      <Screen
        station={station}
        view={view}
        go={setView}
        status={status}
        stationState={stationState}
        onTap={showTap}
        onTapError={showTapError}
      />
      {shown && (
        <TapOverlay station={station} shown={shown} onClose={() => setShown(null)} onStartSelfStudy={startSelfStudy} />
      )}
      <AttentionPrompt station={station} />
    </>
  );
}

type ScreenProps = {
  station: LecternApi;
  view: View;
  go: (view: View) => void;
  status: ReturnType<typeof useClassroomStatus>;
  stationState: StationState;
  onTap: (tap: TapView) => void;
  onTapError: (error: unknown) => void;
};

function Screen({ station, view, go, status, stationState, onTap, onTapError }: ScreenProps) {
  switch (view.screen) {
    case 'home':
      return (
        <HomeScreen station={station} state={stationState} classroom={status} onTap={onTap} onTapError={onTapError} />
      );
    case 'technician':
      return <TechnicianScreen station={station} state={stationState} />;
    case 'organiser':
      return status ? (
        <OrganiserScreen station={station} status={status} onTap={onTap} onTapError={onTapError} />
      ) : null;
    case 'library':
      return <LibraryScreen station={station} onOpenCourse={(courseId) => go({ screen: 'course', courseId })} />;
    case 'course':
      return (
        <CourseScreen
          station={station}
          courseId={view.courseId}
          onBack={() => go({ screen: 'library' })}
          onPlay={(lesson) => go({ screen: 'player', courseId: view.courseId, lesson })}
        />
      );
    case 'player':
      return (
        <PlayerScreen
          station={station}
          lesson={view.lesson}
          onBack={() => go({ screen: 'course', courseId: view.courseId })}
        />
      );
  }
}
