// A page meant for paper: black on white, opened scrolled to the top (the screen behind may
// have been scrolled) with print started at once; back and print again stay on screen, never
// on paper. The attendance report and the playback log are printed through it.
import { useEffect, type ReactNode } from 'react';
import { useLocale } from '../i18n/locale.tsx';

export function PrintPage({ testId, onBack, children }: { testId: string; onBack: () => void; children: ReactNode }) {
  const { t } = useLocale();
  useEffect(() => {
    window.scrollTo(0, 0);
    window.print();
  }, []);
  return (
    <main className="report-print" data-testid={testId}>
      <div className="no-print">
        <button type="button" className="back" onClick={onBack}>
          ← {t('report.back')}
        </button>
        <button type="button" className="back" onClick={() => window.print()}>
          {t('organiser.print')}
        </button>
      </div>
      {children}
    </main>
  );
}
