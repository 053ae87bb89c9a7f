// The class playlist's controls and its list, shared by the class screen's panel and the
// presenter view: start or continue, pause, next; each item with its real length, why it
// cannot play (not downloaded yet), what has played, what plays now and what is next; play
// one item now, move it, take it out.
import type { PlaylistView } from '../../../preload/contract/channels.ts';
import type { PlaylistEdit } from '../../../preload/contract/channels/player.ts';
import { useLocale } from '../i18n/locale.tsx';
import { formatLength } from '../player/media-clock.ts';
import type { PlaylistControl } from '../player/use-playlist.ts';

type Control = (action: PlaylistControl, itemKey?: string) => void;

/**
 * The buttons' symbols drawn rather than typed: ⏸ and ⏭ are in no font a Debian kiosk or
 * an older Windows PC is sure to have, and showed as empty boxes.
 */
const SYMBOL_PATHS = {
  play: 'M3 2 L13 8 L3 14 Z',
  pause: 'M3 2 H6.5 V14 H3 Z M9.5 2 H13 V14 H9.5 Z',
  next: 'M2 2 L10 8 L2 14 Z M11 2 H14 V14 H11 Z',
} as const;

function Symbol({ of }: { of: keyof typeof SYMBOL_PATHS }) {
  return (
    <svg className="control-symbol" viewBox="0 0 16 16" aria-hidden="true">
      <path d={SYMBOL_PATHS[of]} fill="currentColor" />
    </svg>
  );
}

export function PlaylistButtons({ view, control, big }: { view: PlaylistView; control: Control; big?: boolean }) {
  const { t } = useLocale();
  const open = view.sessionStatus !== 'closed';
  const size = big ? 'control big' : 'control';
  const empty = view.items.length === 0;
  return (
    <div className="playlist-buttons">
      {view.state === 'playing' ? (
        <button type="button" className={size} onClick={() => control('pause')} data-testid="playlist-pause">
          <Symbol of="pause" />
          {t('playlist.pause')}
        </button>
      ) : (
        <button
          type="button"
          className={`${size} primary`}
          disabled={!open || empty}
          onClick={() => control('play')}
          data-testid="playlist-play"
        >
          <Symbol of="play" />
          {t(
            view.state === 'paused'
              ? 'playlist.resume'
              : view.state === 'finished'
                ? 'playlist.again'
                : 'playlist.play',
          )}
        </button>
      )}
      <button
        type="button"
        className={size}
        disabled={!open || view.current === null}
        onClick={() => control('next')}
        data-testid="playlist-next"
      >
        <Symbol of="next" />
        {t('playlist.next')}
      </button>
    </div>
  );
}

/** The item playing (or next to play), and the one after it. */
export function nowAndNext(view: PlaylistView) {
  const current = view.current === null ? null : (view.items[view.current] ?? null);
  const next = view.current === null ? null : (view.items[view.current + 1] ?? null);
  return { current, next };
}

export function PlaylistItems({
  view,
  control,
  edit,
}: {
  view: PlaylistView;
  control: Control;
  edit?: (change: PlaylistEdit) => void;
}) {
  const { t } = useLocale();
  const open = view.sessionStatus !== 'closed';
  if (view.items.length === 0)
    return (
      <p className="hint" data-testid="playlist-empty">
        {t('playlist.empty')}
      </p>
    );
  return (
    <ol className="playlist-items" data-testid="playlist-items">
      {view.items.map((item, index) => {
        const place =
          view.current === null || index < view.current ? 'played' : index === view.current ? 'current' : 'coming';
        return (
          <li key={item.key} className={`playlist-item item-${place}`} data-testid="playlist-item" data-place={place}>
            <div className="playlist-item-text">
              <strong>
                {item.kind === 'live' && <span className="badge-live">{t('playlist.live')}</span>}
                {item.title}
              </strong>
              <span className="hint">
                {item.problem
                  ? t(`playlist.problem.${item.problem}`)
                  : item.durationSec !== null
                    ? formatLength(t, item.durationSec)
                    : t('playlist.liveLength')}
                {place === 'current' && ` · ${t(`playlist.state.${view.state}`)}`}
              </span>
            </div>
            {open && (
              <div className="playlist-item-actions">
                {place !== 'current' && (
                  <button
                    type="button"
                    className="small"
                    onClick={() => control('playItem', item.key)}
                    data-testid="playlist-play-item"
                  >
                    {t('playlist.playThis')}
                  </button>
                )}
                {edit && (
                  <>
                    <button
                      type="button"
                      className="small"
                      aria-label={t('playlist.moveUp')}
                      disabled={index === 0}
                      onClick={() => edit({ action: 'moveUp', itemKey: item.key })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="small"
                      aria-label={t('playlist.moveDown')}
                      disabled={index === view.items.length - 1}
                      onClick={() => edit({ action: 'moveDown', itemKey: item.key })}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="small"
                      onClick={() => edit({ action: 'remove', itemKey: item.key })}
                      data-testid="playlist-remove"
                    >
                      {t('playlist.remove')}
                    </button>
                  </>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
