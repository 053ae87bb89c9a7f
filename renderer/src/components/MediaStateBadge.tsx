// A lesson's offline state in words: not cached, queued, downloading (progress, speed, time
// left), ready, or failed with a reason a technician can act on.
import type { MediaState } from '../../../preload/contract/channels.ts';
import { useLocale } from '../i18n/locale.tsx';
import { formatBytes } from './format.ts';

export function MediaStateBadge({ state }: { state: MediaState }) {
  const { t } = useLocale();
  switch (state.state) {
    case 'downloading': {
      const ratio = state.totalBytes > 0 ? state.receivedBytes / state.totalBytes : 0;
      return (
        <span className="media-state media-downloading" data-testid="media-state" data-state="downloading">
          <progress value={ratio} max={1} />
          {t('media.downloading', {
            percent: Math.floor(ratio * 100),
            speed: `${formatBytes(state.bytesPerSec)}/s`,
            eta: state.etaSec === null ? '—' : String(Math.ceil(state.etaSec)),
          })}
        </span>
      );
    }
    case 'failed':
      return (
        <span className="media-state media-failed" data-testid="media-state" data-state="failed" title={state.message}>
          {t('media.failed', { reason: t(`media.failure.${state.reason}`) })}
        </span>
      );
    case 'queued':
      return (
        <span className="media-state media-queued" data-testid="media-state" data-state="queued">
          {t(`media.queued.${state.waitingFor}`)}
        </span>
      );
    default:
      return (
        <span className={`media-state media-${state.state}`} data-testid="media-state" data-state={state.state}>
          {t(`media.state.${state.state}`)}
        </span>
      );
  }
}
