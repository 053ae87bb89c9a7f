// "我的学时": the sessions of the learner's year at this station — date, what, classroom or
// online, minutes counted, hours — newest first, for the learner who just tapped (the
// station answers only for that tap).
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { LearnerSession } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { errorText, refusalText } from './error-text.ts';
import { formatHours } from './format.ts';

export function MyHours({ station, tapId }: { station: LecternApi; tapId: string }) {
  const { t } = useLocale();
  const [year, setYear] = useState<{ year: number; sessions: LearnerSession[] } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    station.invoke('learner.sessions', { tapId }).then(
      (answer) => ('refused' in answer ? setMessage(refusalText(t, answer.refused)) : setYear(answer)),
      (error: unknown) => setMessage(errorText(t, error)),
    );
  }, [station, tapId]);
  if (message)
    return (
      <p className="overlay-text" role="alert">
        {message}
      </p>
    );
  if (!year) return <p className="overlay-text">{t('home.loading')}</p>;
  return (
    <section className="my-hours" data-testid="my-hours">
      <h3>{t('myHours.title', { year: year.year })}</h3>
      {year.sessions.length === 0 ? (
        <p>{t('myHours.empty')}</p>
      ) : (
        <div className="my-hours-scroll">
          <table>
            <thead>
              <tr>
                <th>{t('myHours.date')}</th>
                <th>{t('myHours.session')}</th>
                <th>{t('myHours.mode')}</th>
                <th className="num">{t('myHours.credited')}</th>
                <th className="num">{t('myHours.hours')}</th>
              </tr>
            </thead>
            <tbody>
              {year.sessions.map((session, index) => (
                <tr key={`${session.date}-${index}`} data-testid="my-hours-row">
                  <td>{session.date}</td>
                  <td>{session.title}</td>
                  <td>{t(`myHours.mode.${session.mode}`)}</td>
                  <td className="num">{session.creditedMinutes}</td>
                  <td className="num">{formatHours(session.hours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">{t('myHours.note')}</p>
    </section>
  );
}
