import { useMemo } from 'react';
import { useLocale } from './i18n/locale.tsx';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { connectToStation } from './station-client/station-client.ts';

export function App() {
  const { t, toggle } = useLocale();
  const station = useMemo(() => connectToStation(), []);
  // The kiosk shell loads #fault after repeated renderer crashes (main/kiosk/crash-recovery.ts).
  const recoveredFromFault = window.location.hash === '#fault';
  return (
    <div className="app">
      <header className="topbar">
        <h1>
          {t('app.title')} <small>{t('app.subtitle')}</small>
        </h1>
        <button type="button" className="lang" onClick={toggle} data-testid="lang-switch">
          {t('lang.switch')}
        </button>
      </header>
      {recoveredFromFault && <p className="notice notice-warn" role="status">{t('fault.recovered')}</p>}
      {'error' in station ? <p className="notice notice-error" role="alert">{t('home.noToken')}</p> : <HomeScreen station={station} />}
    </div>
  );
}
