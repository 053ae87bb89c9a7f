// A live channel on screen: the reconnect session (live-session.ts) on a video element, and
// over it the slate while there is no picture — "connecting", the calm "信号中断，正在重新连接…"
// during an outage, and a clear message once the channel has been down for long. Paused by
// the organiser, the player is let go (a live lecture cannot wait) and the slate says so.
import { useEffect, useRef, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { LiveChannelView } from '../../../preload/contract/channels/player.ts';
import { useLocale } from '../i18n/locale.tsx';
import { startLiveSession, type LiveSlate } from './live-session.ts';
import type { PlayerSignal } from './signals.ts';

export function LiveStage({
  station,
  channel,
  playing,
  send,
}: {
  station: LecternApi;
  channel: LiveChannelView;
  playing: boolean;
  send: (signal: PlayerSignal) => void;
}) {
  const { t } = useLocale();
  const video = useRef<HTMLVideoElement>(null);
  const [slate, setSlate] = useState<LiveSlate>('connecting');
  const [muted, setMuted] = useState(false);
  // The latest `send` without restarting the session when the parent renders again.
  const sendRef = useRef(send);
  sendRef.current = send;

  useEffect(() => {
    const element = video.current;
    if (!element || !playing) return;
    const session = startLiveSession({
      video: element,
      channel,
      onSignal: (signal) => sendRef.current(signal),
      onSlate: setSlate,
      onMuted: () => setMuted(true),
      probe: (channelId, timeoutMs) =>
        station.invoke('live.waitForSource', { channelId, timeoutMs }).then((answer) => answer.up),
    });
    return () => session.stop();
  }, [station, channel.id, channel.url, playing]);

  const shown = playing ? slate : 'paused';
  return (
    <div className="stage-frame" data-testid="live-stage" data-slate={shown}>
      <video
        ref={video}
        className="stage-video"
        playsInline
        data-testid="live-video"
        onClick={() => {
          if (!muted || !video.current) return;
          video.current.muted = false;
          setMuted(false);
        }}
      />
      {shown !== 'none' && (
        <div className={`stage-slate slate-${shown}`} role="status" data-testid="live-slate">
          <p>{t(`live.slate.${shown}`)}</p>
          {shown === 'down' && <p className="slate-hint">{t('live.slate.downHint')}</p>}
        </div>
      )}
      {muted && shown === 'none' && (
        <p className="stage-muted" role="status">
          {t('live.muted')}
        </p>
      )}
    </div>
  );
}
