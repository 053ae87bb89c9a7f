// The technician's page, behind the technician PIN: who this station is, its databases, its
// link to the hub and its health checks (with the banners the room sees when hours are not
// being recorded), the organisers' PINs and lockouts, and the diagnostic bundle.
import { useEffect, useRef, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { AudienceDisplayCard } from '../components/AudienceDisplayCard.tsx';
import { DevicesPanel } from '../components/devices/DevicesPanel.tsx';
import type { ChannelOutput } from '../../../preload/contract/channels.ts';
import { errorText, refusalText } from '../components/error-text.ts';
import { HealthCard } from '../components/HealthCard.tsx';
import { LedgerBanners } from '../components/LedgerBanners.tsx';
import { OrganiserAccounts } from '../components/OrganiserAccounts.tsx';
import { ProvisionWizard } from '../components/ProvisionWizard.tsx';
import { ReenrolCard } from '../components/ReenrolCard.tsx';
import { StationDetails } from '../components/StationDetails.tsx';
import { SyncSection } from '../components/SyncSection.tsx';
import { TechnicianGate } from '../components/TechnicianGate.tsx';
import type { StationState } from '../hooks/use-station-state.ts';
import { useLocale } from '../i18n/locale.tsx';

export function TechnicianScreen({ station, state }: { station: LecternApi; state: StationState }) {
  const { t } = useLocale();
  const [session, setSession] = useState<string | null>(null);
  const [bundle, setBundle] = useState<string | null>(null);
  const [status, setStatus] = useState<ChannelOutput<'technician.status'> | null>(null);
  useEffect(() => {
    if (session) station.invoke('technician.status', {}).then(setStatus, () => setStatus(null));
  }, [station, session]);
  const { info, health, unreachable } = state;
  // Leaving the page (another tab, the idle return) locks it, as the button does.
  const live = useRef(session);
  live.current = session;
  useEffect(
    () => () => {
      if (live.current) void station.invoke('technician.lock', { technicianSession: live.current });
    },
    [station],
  );
  if (!session) return <TechnicianGate station={station} onUnlocked={setSession} />;
  if (!info || !health) return <p className="notice">{t(unreachable ? 'home.unreachable' : 'home.loading')}</p>;

  const diagnostics = () => {
    setBundle(null);
    station.invoke('technician.diagnostics', { technicianSession: session }).then(
      (answer) => {
        if ('refused' in answer) {
          if (answer.refused === 'technician_session_expired') return setSession(null);
          return setBundle(refusalText(t, answer.refused));
        }
        setBundle(t('technician.diagnosticsDone', { path: answer.path }));
      },
      (error: unknown) => setBundle(errorText(t, error)),
    );
  };
  const lock = () => {
    void station.invoke('technician.lock', { technicianSession: session });
    setSession(null);
  };

  return (
    <main className="technician" data-testid="technician">
      <LedgerBanners info={info} health={health} />
      {status?.cloned && (
        <ReenrolCard station={station} technicianSession={session} onExpired={() => setSession(null)} />
      )}
      {status && (!status.provisioned || status.enrollmentRefused) && (
        <ProvisionWizard
          station={station}
          technicianSession={session}
          bootProblems={status.bootProvisioning as Parameters<typeof ProvisionWizard>[0]['bootProblems']}
          onExpired={() => setSession(null)}
        />
      )}
      <StationDetails info={info} />
      <SyncSection station={station} />
      <HealthCard health={health} />
      <AudienceDisplayCard
        station={station}
        access={{ technicianSession: session, onExpired: () => setSession(null) }}
      />
      <DevicesPanel station={station} access={{ technicianSession: session, onExpired: () => setSession(null) }} />
      <OrganiserAccounts station={station} technicianSession={session} onExpired={() => setSession(null)} />
      {status && (
        <section className="card" data-testid="technician-update">
          <h2>{t('technician.updateTitle')}</h2>
          <p>{t(`technician.update.${status.update.state}`, { version: status.update.version ?? '' })}</p>
        </section>
      )}
      <section className="card technician-actions">
        <button type="button" className="big primary" onClick={diagnostics} data-testid="technician-diagnostics">
          {t('technician.diagnostics')}
        </button>
        <button type="button" className="big" onClick={lock} data-testid="technician-lock">
          {t('technician.lock')}
        </button>
        {bundle && (
          <p role="status" data-testid="technician-diagnostics-result">
            {bundle}
          </p>
        )}
      </section>
    </main>
  );
}
