// The first-run wizard on the station's screen: the hub's address, the site code and the
// enrollment token the hub operator handed over, the classroom's name, a test of the card
// reader, and the technician PIN — or all of it from lectern-provision.json on a USB drive.
// The station asks the hub about the site and token before it writes anything; a problem is
// shown beside what it concerns, in the station's words. On success the station starts
// again with its configuration, and this page comes back by itself.
import { useEffect, useState, type FormEvent } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { ChannelOutput } from '../../../preload/contract/channels.ts';
import { provisionText, type ProvisionProblem } from '../../../common/provision-messages.ts';
import { useLocale } from '../i18n/locale.tsx';
import { errorText, refusalText } from './error-text.ts';

type Outcome = ChannelOutput<'technician.provisionFromUsb'>;
type Fields = {
  hubUrl: string;
  siteCode: string;
  enrollmentToken: string;
  classroomName: string;
  technicianPin: string;
};
const FIELDS: (keyof Fields)[] = ['hubUrl', 'siteCode', 'enrollmentToken', 'classroomName', 'technicianPin'];

export function ProvisionWizard({
  station,
  technicianSession,
  bootProblems,
  onExpired,
}: {
  station: LecternApi;
  technicianSession: string;
  /** A provisioning file found at start that was refused: its problems. */
  bootProblems: { file: string; problems: ProvisionProblem[] } | null;
  onExpired: () => void;
}) {
  const { t, locale } = useLocale();
  const language = locale === 'en' ? 'en' : 'zh';
  const [fields, setFields] = useState<Fields>({
    hubUrl: '',
    siteCode: '',
    enrollmentToken: '',
    classroomName: '',
    technicianPin: '',
  });
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<ProvisionProblem[]>(bootProblems?.problems ?? []);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [readerSeen, setReaderSeen] = useState<string | null>(null);

  // The card reader's test: any tap on any reader reaches the station and comes back here.
  useEffect(
    () => station.on('classroom.tapped', (tap) => setReaderSeen(tap.learner?.name ?? tap.masked ?? '✓')),
    [station],
  );

  const answer = (outcome: Outcome) => {
    setBusy(false);
    if ('refused' in outcome) {
      if (outcome.refused === 'technician_session_expired') return onExpired();
      return setMessage(refusalText(t, outcome.refused));
    }
    if ('noFile' in outcome) {
      setProblems([]);
      return setMessage(t('wizard.noFile'));
    }
    if ('problems' in outcome) {
      setMessage(null);
      return setProblems(outcome.problems as ProvisionProblem[]);
    }
    setProblems([]);
    setMessage(
      t(outcome.checked ? 'wizard.doneChecked' : 'wizard.doneOffline', { site: outcome.siteName ?? fields.siteCode }),
    );
  };
  const failed = (error: unknown) => {
    setBusy(false);
    setMessage(errorText(t, error));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (fields.technicianPin !== repeat) return setMessage(t('wizard.pinMismatch'));
    setBusy(true);
    setMessage(t('wizard.checking'));
    station.invoke('technician.provision', { technicianSession, input: fields }).then(answer, failed);
  };
  const fromUsb = () => {
    setMessage(null);
    setBusy(true);
    station.invoke('technician.provisionFromUsb', { technicianSession }).then(answer, failed);
  };

  const problemsOf = (field: string) => problems.filter((problem) => problem.params.field === field);
  const general = problems.filter(
    (problem) => !problem.params.field || !FIELDS.includes(problem.params.field as keyof Fields),
  );
  const field = (name: keyof Fields, type = 'text') => (
    <label key={name}>
      {t(`wizard.field.${name}`)}
      <input
        className={name === 'technicianPin' ? 'field pin' : 'field'}
        type={type}
        inputMode={name === 'technicianPin' ? 'numeric' : undefined}
        autoComplete="off"
        value={fields[name]}
        onChange={(event) => setFields((current) => ({ ...current, [name]: event.target.value }))}
        data-testid={`wizard-${name}`}
      />
      {problemsOf(name).map((problem) => (
        <span key={problem.code} className="notice-error" role="alert">
          {provisionText(problem, language)}
        </span>
      ))}
    </label>
  );

  return (
    <section className="card wizard" data-testid="provision-wizard">
      <h2>{t('wizard.title')}</h2>
      <p className="hint">{t('wizard.hint')}</p>
      {bootProblems && <p className="notice-error">{t('wizard.bootFile', { file: bootProblems.file })}</p>}
      <button type="button" className="big" onClick={fromUsb} disabled={busy} data-testid="wizard-usb">
        {t('wizard.fromUsb')}
      </button>
      <form onSubmit={submit}>
        {field('hubUrl', 'url')}
        {field('siteCode')}
        {field('enrollmentToken')}
        {field('classroomName')}
        <div className="wizard-devices" data-testid="wizard-reader">
          <strong>{t('wizard.readerTest')}</strong>{' '}
          {readerSeen ? t('wizard.readerSeen', { card: readerSeen }) : t('wizard.readerWaiting')}
          <p className="hint">{t('wizard.otherDevices')}</p>
        </div>
        {field('technicianPin', 'password')}
        <label>
          {t('wizard.pinRepeat')}
          <input
            className="field pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
            data-testid="wizard-pinRepeat"
          />
        </label>
        {general.map((problem) => (
          <p key={problem.code} className="notice-error" role="alert" data-testid="wizard-problem">
            {provisionText(problem, language)}
          </p>
        ))}
        {message && (
          <p role="status" data-testid="wizard-message">
            {message}
          </p>
        )}
        <button type="submit" className="big primary" disabled={busy} data-testid="wizard-submit">
          {t('wizard.submit')}
        </button>
      </form>
    </section>
  );
}
