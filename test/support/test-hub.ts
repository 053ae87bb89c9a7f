// Test support: the real reference hub in-process on 127.0.0.1 port 0 with the demo site
// (plain HTTP, or HTTPS with `tls`), and a station enrolled with it — closed and removed when
// the test ends.
import type { TestContext } from 'node:test';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { startHub, type HubOptions, type RunningHub } from '../../hub/server.ts';
import { tempDir } from './temp-dir.ts';
import {
  createHubClient,
  enrollStation,
  type Connection,
  type Enrollment,
  type HubClient,
} from '../../protocol/hub-client/hub-client.ts';

export const DEMO_SITE_CODE = 'DEMO';

export async function startTestHub(t: TestContext, options: Pick<HubOptions, 'tls'> = {}): Promise<RunningHub> {
  const hub = await startHub({ dataDir: tempDir(t, 'lectern-hub-'), port: 0, demo: true, ...options });
  t.after(() => hub.close());
  return hub;
}

export type EnrolledStation = { hub: RunningHub; enrollment: Enrollment; privateKey: string; client: HubClient };

/**
 * A station enrolled with `hub` (a fresh one by default). `connection` changes how it reaches
 * the hub: another address (a front that redirects) or a dispatcher (trusting a test CA).
 */
export async function enrolledStation(
  t: TestContext,
  hub?: RunningHub,
  connection: Partial<Pick<Connection, 'baseUrl' | 'dispatcher'>> = {},
): Promise<EnrolledStation> {
  const running = hub ?? (await startTestHub(t));
  const baseUrl = connection.baseUrl ?? running.url;
  const keys = generateStationKeys();
  const { token } = running.admin.createEnrollmentToken({ siteCode: DEMO_SITE_CODE });
  const enrollment = await enrollStation({
    baseUrl,
    dispatcher: connection.dispatcher,
    siteCode: DEMO_SITE_CODE,
    token,
    publicKey: keys.publicKey,
    name: '测试教室',
    appVersion: '0.1.0',
  });
  const client = createHubClient({
    baseUrl,
    dispatcher: connection.dispatcher,
    stationId: enrollment.stationId,
    privateKey: keys.privateKey,
    hubPublicKey: enrollment.hubPublicKey,
    clockOffsetMs: enrollment.clockOffsetMs,
  });
  return { hub: running, enrollment, privateKey: keys.privateKey, client };
}
