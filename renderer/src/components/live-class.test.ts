import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttendanceView } from '../../../preload/contract/channels.ts';
import { silentMinutes } from './live-class.ts';

const MIN = 60_000;
const OPENED = Date.UTC(2026, 10, 27, 1, 0);

function view(over: { asOf: number; lastPlayedAt: number | null; status?: 'open' | 'in_progress' | 'closed' }) {
  return {
    session: { status: over.status ?? 'open', openedAt: OPENED },
    asOf: over.asOf,
    lastPlayedAt: over.lastPlayedAt,
  } as AttendanceView;
}

test('five minutes open with nothing played warns; playing, or closed, does not', () => {
  const loaded = 1_000_000;
  assert.equal(silentMinutes(view({ asOf: OPENED + 4 * MIN, lastPlayedAt: null }), loaded, loaded), null);
  assert.equal(
    silentMinutes(view({ asOf: OPENED + 4 * MIN, lastPlayedAt: null }), loaded, loaded + MIN),
    5,
    'the minute that passed on screen since the answer counts',
  );
  assert.equal(silentMinutes(view({ asOf: OPENED + 7 * MIN, lastPlayedAt: null }), loaded, loaded), 7);
  assert.equal(
    silentMinutes(view({ asOf: OPENED + 30 * MIN, lastPlayedAt: OPENED + 26 * MIN }), loaded, loaded),
    null,
    'played four minutes ago',
  );
  assert.equal(silentMinutes(view({ asOf: OPENED + 30 * MIN, lastPlayedAt: OPENED + 20 * MIN }), loaded, loaded), 10);
  assert.equal(
    silentMinutes(view({ asOf: OPENED + 30 * MIN, lastPlayedAt: null, status: 'closed' }), loaded, loaded),
    null,
  );
});
