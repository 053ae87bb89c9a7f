// For the player's end-to-end tests and benchmarks: a real reference hub (demo site, in this
// process, on 127.0.0.1) that publishes two live channels from a test live source — the same
// lecture as MPEG-TS and as HTTP-FLV — and a browser-shell station provisioned against it (a
// configuration file with a one-time token, as a technician provisions one), with helpers for
// the few contract calls a test makes itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN, generateDemoRoster } from '../../hub/demo/roster.ts';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { writeStationConfig } from '../../main/station/station-config.ts';
import type { LiveSource } from './live-source.ts';
import { audienceUrlOf, invokeStation, startWebStation, type WebStation } from './web-station.ts';

export const FAULT_CHANNELS = {
  ts: { id: 'fault-ts', name: '故障演练直播（TS）' },
  flv: { id: 'fault-flv', name: '故障演练直播（FLV）' },
} as const;

export type PlayerStation = {
  hub: RunningHub;
  station: WebStation;
  /** The projector window's address. */
  audienceUrl: string;
  invoke<T = Record<string, unknown>>(channel: string, input?: unknown): Promise<T>;
  /** The demo roster's organiser taps their card on the station's keyboard-wedge reader (as the page passes it on). */
  tapOrganiserCard(): Promise<{ tapId: string }>;
  /** An organiser session for the test's own calls, opened with that tap (a tap is good for two minutes) and the PIN. */
  unlockOrganiser(tapId: string): Promise<string>;
  stop(): Promise<void>;
};

/** `under`: where the hub's and the station's folders go (the system's temp folder unless said; a bench gives a real disk). */
export async function startPlayerStation(source: LiveSource | null, under = os.tmpdir()): Promise<PlayerStation> {
  const hubDir = fs.mkdtempSync(path.join(under, 'lectern-player-hub-'));
  const dataDir = fs.mkdtempSync(path.join(under, 'lectern-player-station-'));
  const hub = await startHub({ dataDir: hubDir, port: 0, demo: true });
  if (source)
    hub.admin.publishLiveChannels({
      siteCode: 'DEMO',
      channels: (['ts', 'flv'] as const).map((format) => ({
        ...FAULT_CHANNELS[format],
        url: source.url(format),
        format,
        hasAudio: true,
        hasVideo: true,
      })),
    });
  const { token: enrollmentToken } = hub.admin.createEnrollmentToken({ siteCode: 'DEMO' });
  writeStationConfig(dataDir, { hubUrl: hub.url, siteCode: 'DEMO', enrollmentToken, name: '放映测试教室' });
  const station = await startWebStation({ dataDir });
  const invoke = <T>(channel: string, input: unknown = {}) => invokeStation(station, channel, input) as Promise<T>;
  const tapOrganiserCard = () =>
    invoke<{ tapId: string }>('reader.tap', { cardNumber: generateDemoRoster()[DEMO_ORGANISER_INDEX]!.cardNumber });
  return {
    hub,
    station,
    audienceUrl: audienceUrlOf(station),
    invoke,
    tapOrganiserCard,
    async unlockOrganiser(tapId) {
      const answer = await invoke<{ organiserSession?: string; refused?: string }>('organiser.unlock', {
        tapId,
        pin: DEMO_ORGANISER_PIN,
      });
      if (!answer.organiserSession) throw new Error(`organiser.unlock refused: ${answer.refused}`);
      return answer.organiserSession;
    },
    async stop() {
      await station.stop();
      await hub.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(hubDir, { recursive: true, force: true });
    },
  };
}
