// The embedded demo default: a station with no configuration starts the reference hub with
// its demo content in-process on 127.0.0.1 and enrolls against it, so a newcomer sees
// courses, a schedule and a roster on the first run. The hub's code is loaded only here, and
// only then: a configured station never imports it.
import path from 'node:path';

export const DEMO_SITE_CODE = 'DEMO';

export interface DemoHub {
  url: string;
  createEnrollmentToken(): string;
  close(): Promise<void>;
}

export async function startDemoHub(dataDir: string): Promise<DemoHub> {
  const { startHub } = await import('../../hub/server.ts');
  const hub = await startHub({ dataDir: path.join(dataDir, 'demo-hub'), demo: true });
  return {
    url: hub.url,
    createEnrollmentToken: () => hub.admin.createEnrollmentToken({ siteCode: DEMO_SITE_CODE, ttlHours: 1 }).token,
    close: () => hub.close(),
  };
}
