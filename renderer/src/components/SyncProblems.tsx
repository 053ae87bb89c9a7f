// What the hub would not take, for the technician: records it holds apart (with the reason
// in words and the hub's own message beneath), records where it holds another version, and a
// ledger that holds fewer records than the hub does.
import type { SyncStatus } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { conflictText, eventTypeText, rejectedText } from './sync-text.ts';

export function SyncProblems({ status }: { status: SyncStatus }) {
  const { t } = useLocale();
  const { quarantine, conflicts, hubAhead } = status;
  return (
    <section className="card sync-problems" data-testid="sync-problems">
      <h2 data-testid="quarantine-heading">
        {quarantine.count > 0 ? t('sync.quarantine.heading', { count: quarantine.count }) : t('sync.quarantine.none')}
      </h2>
      {hubAhead && (
        <p className="notice-error" data-testid="sync-hub-ahead">
          {t('sync.hubAhead', hubAhead)}
        </p>
      )}
      {quarantine.count > 0 && (
        <>
          <p className="hint">{t('sync.quarantine.hint')}</p>
          <ul className="sync-list" data-testid="quarantine">
            {quarantine.recent.map((q) => (
              <li key={q.seq}>
                {t('sync.quarantine.row', {
                  seq: q.seq,
                  type: eventTypeText(t, q.type),
                  reason: rejectedText(t, q.code),
                })}
                <span className="hint">{q.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {conflicts.count > 0 && (
        <>
          <h3>{t('sync.conflicts.heading', { count: conflicts.count })}</h3>
          <p className="hint">{t('sync.conflicts.hint')}</p>
          <ul className="sync-list" data-testid="conflicts">
            {conflicts.recent.map((c) => (
              <li key={`${c.seq}-${c.reason}-${c.heldHash}`}>
                {t('sync.conflicts.row', { seq: c.seq, reason: conflictText(t, c.reason) })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
