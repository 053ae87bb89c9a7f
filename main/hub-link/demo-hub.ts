// The embedded demo default: a station with no configuration starts the reference hub with
// its demo content in-process on 127.0.0.1 and enrolls against it, so a newcomer sees
// courses, a schedule and a roster on the first run. The hub's code is loaded only here, and
// only then: a configured station never imports it.
import path from 'node:path';
import { DEMO_SITE_CODE } from '../station/station-config.ts';

export { DEMO_SITE_CODE };

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

export type DemoCard = {
  id: string;
  kind: 'learner' | 'unregistered';
  name: string | null;
  unit: string | null;
  cardNumber: string;
};

/** How many of the demo roster's cards the demo station offers to tap. */
const DEMO_CARD_COUNT = 6;

/**
 * Cards for the demo station's simulated reader: the first learners of the demo roster (the
 * hub publishes only their hashes; the clear numbers come from the same generator) and one
 * card on no roster, to show what an unknown card does. Loaded only in demo mode.
 */
export async function demoCards(): Promise<DemoCard[]> {
  const { generateDemoRoster } = await import('../../hub/demo/roster.ts');
  const roster = generateDemoRoster();
  const numbers = new Set(roster.map((learner) => learner.cardNumber));
  let unregistered = 9_000_000_000;
  while (numbers.has(String(unregistered))) unregistered += 1;
  return [
    ...roster.slice(0, DEMO_CARD_COUNT).map((learner) => ({
      id: learner.id,
      kind: 'learner' as const,
      name: learner.name,
      unit: learner.unit,
      cardNumber: learner.cardNumber,
    })),
    { id: 'unregistered', kind: 'unregistered', name: null, unit: null, cardNumber: String(unregistered) },
  ];
}
