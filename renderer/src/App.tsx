import { useMemo, useState } from 'react';
import type { LecternApi } from '../../preload/contract/api.ts';
import type { LessonView } from '../../preload/contract/channels.ts';
import { useLocale } from './i18n/locale.tsx';
import { CourseScreen } from './screens/CourseScreen.tsx';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { LibraryScreen } from './screens/LibraryScreen.tsx';
import { PlayerScreen } from './screens/PlayerScreen.tsx';
import { connectToStation } from './station-client/station-client.ts';

type View = { screen: 'home' } | { screen: 'library' } | { screen: 'course'; courseId: string } | { screen: 'player'; courseId: string; lesson: LessonView };

function Screen({ station, view, go }: { station: LecternApi; view: View; go: (view: View) => void }) {
  switch (view.screen) {
    case 'home':
      return <HomeScreen station={station} />;
    case 'library':
      return <LibraryScreen station={station} onOpenCourse={(courseId) => go({ screen: 'course', courseId })} />;
    case 'course':
      return <CourseScreen station={station} courseId={view.courseId} onBack={() => go({ screen: 'library' })} onPlay={(lesson) => go({ screen: 'player', courseId: view.courseId, lesson })} />;
    case 'player':
      return <PlayerScreen station={station} lesson={view.lesson} onBack={() => go({ screen: 'course', courseId: view.courseId })} />;
  }
}

export function App() {
  const { t, toggle } = useLocale();
  const station = useMemo(() => connectToStation(), []);
  const [view, setView] = useState<View>({ screen: 'home' });
  // The kiosk shell loads #fault after repeated renderer crashes (main/kiosk/crash-recovery.ts).
  const recoveredFromFault = window.location.hash === '#fault';
  const tab = (screen: 'home' | 'library', label: string) => (
    <button type="button" className={view.screen === screen || (screen === 'library' && view.screen !== 'home') ? 'tab active' : 'tab'} onClick={() => setView({ screen })} data-testid={`nav-${screen}`}>
      {label}
    </button>
  );
  return (
    <div className="app">
      <header className="topbar">
        <h1>
          {t('app.title')} <small>{t('app.subtitle')}</small>
        </h1>
        <nav className="tabs">
          {tab('home', t('nav.home'))}
          {tab('library', t('nav.library'))}
        </nav>
        <button type="button" className="lang" onClick={toggle} data-testid="lang-switch">
          {t('lang.switch')}
        </button>
      </header>
      {recoveredFromFault && <p className="notice notice-warn" role="status">{t('fault.recovered')}</p>}
      {'error' in station ? <p className="notice notice-error" role="alert">{t('home.noToken')}</p> : <Screen station={station} view={view} go={setView} />}
    </div>
  );
}
