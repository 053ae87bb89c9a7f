// Demo mode only: "tap" a demo roster learner's card without a reader. The station keeps the
// card numbers; the buttons name cards by id.
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { TapView } from '../../../preload/contract/channels.ts';
import { useStationCall } from '../hooks/use-station-call.ts';
import { useLocale } from '../i18n/locale.tsx';

export function DemoReader({
  station,
  onTap,
  onError,
}: {
  station: LecternApi;
  onTap: (tap: TapView) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useLocale();
  const cards = useStationCall(station, 'reader.demoCards', {});
  if (!cards.data || cards.data.cards.length === 0) return null;
  return (
    <section className="card demo-reader" data-testid="demo-reader">
      <h2>{t('demo.heading')}</h2>
      <p className="hint">{t('demo.hint')}</p>
      <div className="demo-cards">
        {cards.data.cards.map((card) => (
          <button
            key={card.id}
            type="button"
            className={card.kind === 'learner' ? 'demo-card' : 'demo-card demo-card-unknown'}
            data-testid={`demo-card-${card.id}`}
            onClick={() => station.invoke('reader.simulate', { cardId: card.id }).then(onTap, onError)}
          >
            {card.name ?? t('demo.unregistered')}
            {card.unit && <small>{card.unit}</small>}
          </button>
        ))}
      </div>
    </section>
  );
}
