// A live channel on a video element: mpegts.js players made and thrown away as the reconnect
// machine (live-reconnect.ts) says, its effects carried out — players, the station's probe
// for the source, the signals for the playback log — and what the player reports fed back
// to it with the time. One session plays one channel until stop().
import mpegtsModule from 'mpegts.js';
import type { LiveChannelView } from '../../../preload/contract/channels/player.ts';
import {
  INITIAL_LIVE,
  slateOf,
  stepLive,
  type LiveEffect,
  type LiveEvent,
  type LiveSignal,
  type LiveState,
} from './live-reconnect.ts';

// The package is UMD: bundled, its default import is the library itself, while TypeScript
// (NodeNext, a CommonJS package) types that import as the module around it.
const mpegts = mpegtsModule as unknown as typeof mpegtsModule.default;
type MpegtsConfig = mpegtsModule.default.Config;
type MpegtsPlayer = mpegtsModule.default.Player;

/** How often the watchdog looks and a due retry is made. */
const TICK_MS = 250;
/** Media progress goes to the station about once a second, not at every timeupdate. */
const TIMEUPDATE_EVERY_MS = 1000;

export type LiveSlate = ReturnType<typeof slateOf>;

export type LiveSessionOptions = {
  video: HTMLVideoElement;
  channel: LiveChannelView;
  onSignal: (signal: LiveSignal) => void;
  onSlate: (slate: LiveSlate) => void;
  /** The station's answer to "does the source send again?" within timeoutMs. */
  probe: (channelId: string, timeoutMs: number) => Promise<boolean>;
  /** The browser refused to play with sound before anyone touched the screen: it plays muted. */
  onMuted?: () => void;
};

export type LiveSession = {
  stop(): void;
  /** For tests and benchmarks: the machine's state now. */
  state(): LiveState;
};

/**
 * Low latency: no stash buffer, no lazy loading, playback rate chasing the live edge
 * (liveSync), and the source buffer trimmed behind the playhead so hours of live play keep
 * the same memory.
 */
function playerConfig(): MpegtsConfig {
  return {
    enableWorker: false,
    enableStashBuffer: false,
    lazyLoad: false,
    deferLoadAfterSourceOpen: false,
    liveSync: true,
    liveSyncMaxLatency: 1.2,
    liveSyncTargetLatency: 0.6,
    liveSyncPlaybackRate: 1.2,
    autoCleanupSourceBuffer: true,
    autoCleanupMaxBackwardDuration: 30,
    autoCleanupMinBackwardDuration: 10,
  };
}

/**
 * mpegts.js 1.8.2's FetchStreamLoader, in Chrome, does not abort a fetch that is receiving
 * (abort() skips its AbortController there): when a thrown-away player's fetch fails later —
 * the socket reset, the stream cut short — the loader, whose onError destroy() removed,
 * throws its RuntimeException in a promise chain nothing awaits. A live player's loader
 * reports through onError instead, so such a rejection only ever comes from a player that
 * is gone: it is absorbed here, once per page, and every other rejection left alone.
 */
let lateLoaderFailuresAbsorbed = false;
function absorbLateLoaderFailures(): void {
  if (lateLoaderFailuresAbsorbed) return;
  lateLoaderFailuresAbsorbed = true;
  window.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    const fromMpegts =
      typeof reason === 'object' &&
      reason !== null &&
      !(reason instanceof Error) &&
      (reason as { name?: unknown }).name === 'RuntimeException';
    if (fromMpegts) event.preventDefault();
  });
}

export function startLiveSession(options: LiveSessionOptions): LiveSession {
  const { video, channel } = options;
  absorbLateLoaderFailures();
  let state: LiveState = INITIAL_LIVE;
  let player: { generation: number; instance: MpegtsPlayer; marker: unknown } | null = null;
  let slate: LiveSlate = 'none';
  let lastTimeupdate = 0;
  let stopped = false;

  const apply = (event: LiveEvent) => {
    if (stopped && event.type !== 'stop') return;
    const step = stepLive(state, event);
    state = step.state;
    for (const effect of step.effects) carryOut(effect);
    const next = slateOf(state, performance.now());
    if (next !== slate) {
      slate = next;
      options.onSlate(slate);
    }
  };

  const destroy = () => {
    if (!player) return;
    const { instance } = player;
    player = null;
    try {
      instance.pause();
      instance.unload();
      instance.detachMediaElement();
      instance.destroy();
    } catch {
      // A player that failed half-way may throw on the way out; it is gone either way.
    }
  };

  const create = (generation: number) => {
    destroy();
    const instance = mpegts.createPlayer(
      {
        type: channel.format === 'flv' ? 'flv' : 'mpegts',
        isLive: true,
        url: channel.url,
        // From the channel, never guessed: a missing track would otherwise hold the picture back.
        hasAudio: channel.hasAudio,
        hasVideo: channel.hasVideo,
      },
      playerConfig(),
    );
    instance.on(mpegts.Events.ERROR, (type: string) =>
      apply({
        type: 'error',
        at: performance.now(),
        generation,
        kind: type === mpegts.ErrorTypes.MEDIA_ERROR ? 'media' : 'network',
      }),
    );
    instance.on(mpegts.Events.LOADING_COMPLETE, () => apply({ type: 'ended', at: performance.now(), generation }));
    instance.attachMediaElement(video);
    player = { generation, instance, marker: video.src || video.srcObject };
    instance.load();
    void Promise.resolve(instance.play()).catch((error: unknown) => {
      if (!(error instanceof DOMException) || error.name !== 'NotAllowedError' || player?.generation !== generation)
        return;
      video.muted = true;
      options.onMuted?.();
      void video.play().catch(() => undefined);
    });
  };

  const carryOut = (effect: LiveEffect) => {
    switch (effect.type) {
      case 'create':
        return create(effect.generation);
      case 'destroy':
        if (player?.generation === effect.generation) destroy();
        return;
      case 'probe': {
        const generation = state.generation;
        void options.probe(channel.id, effect.timeoutMs).then(
          (up) => {
            if (up && state.phase === 'waiting' && state.generation === generation)
              apply({ type: 'sourceUp', at: performance.now() });
          },
          () => undefined,
        );
        return;
      }
      case 'signal': {
        if (effect.signal.kind === 'timeupdate') {
          const now = performance.now();
          if (now - lastTimeupdate < TIMEUPDATE_EVERY_MS) return;
          lastTimeupdate = now;
        }
        options.onSignal(effect.signal);
      }
    }
  };

  // The element is shared by every player; its events belong to the current one only when
  // it still shows that player's source.
  const current = () => (player && (video.src || video.srcObject) === player.marker ? player.generation : null);
  const onTime = () => {
    const generation = current();
    if (generation !== null)
      apply({ type: 'progress', at: performance.now(), generation, currentTime: video.currentTime });
  };
  const onError = () => {
    const generation = current();
    if (generation !== null) apply({ type: 'error', at: performance.now(), generation, kind: 'media' });
  };
  const onEnded = () => {
    const generation = current();
    if (generation !== null) apply({ type: 'ended', at: performance.now(), generation });
  };
  video.addEventListener('timeupdate', onTime);
  video.addEventListener('error', onError);
  video.addEventListener('ended', onEnded);
  const ticker = setInterval(() => apply({ type: 'tick', at: performance.now() }), TICK_MS);
  apply({ type: 'start', at: performance.now() });

  return {
    stop() {
      if (stopped) return;
      apply({ type: 'stop', at: performance.now() });
      stopped = true;
      clearInterval(ticker);
      video.removeEventListener('timeupdate', onTime);
      video.removeEventListener('error', onError);
      video.removeEventListener('ended', onEnded);
      destroy();
    },
    state: () => state,
  };
}
