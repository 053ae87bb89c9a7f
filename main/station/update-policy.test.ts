import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateStationKeys } from '../../protocol/crypto.ts';
import { signHubDocument } from '../../protocol/hub-signed.ts';
import type { UpdateRelease } from '../../protocol/update-release.ts';
import { CLASS_LEAD_MS, installDecision, isNewer, matchesRelease, releaseForStation } from './update-policy.ts';

const hub = generateStationKeys();
const release = (over: Partial<UpdateRelease> = {}): UpdateRelease => ({
  platform: 'linux',
  version: '0.2.0',
  files: [{ url: 'Lectern-0.2.0.AppImage', sha512: 'abc==', size: 10 }],
  sites: null,
  publishedAt: 1,
  ...over,
});
const station = { hubPublicKey: hub.publicKey, platform: 'linux' as const, siteCode: 'QS', version: '0.1.0' };
const signed = (r: UpdateRelease, key = hub.privateKey) => signHubDocument('update_release', r, key);

test('a release counts only when the hub signed it, for this platform, site and a higher version', () => {
  assert.equal(releaseForStation(signed(release()), station).state, 'offered');
  assert.equal(releaseForStation(signed(release(), generateStationKeys().privateKey), station).state, 'untrusted');
  const tampered = { ...signed(release()), body: { ...release(), version: '9.9.9' } };
  assert.equal(releaseForStation(tampered, station).state, 'untrusted');
  assert.equal(releaseForStation(signed(release({ platform: 'windows' })), station).state, 'other_platform');
  assert.equal(releaseForStation(signed(release({ version: '0.1.0' })), station).state, 'current');
  assert.equal(releaseForStation(signed(release({ version: '0.0.9' })), station).state, 'current', 'never back');
  // A staged rollout: the first sites now, the others later.
  assert.equal(releaseForStation(signed(release({ sites: ['XY'] })), station).state, 'not_for_site');
  assert.equal(releaseForStation(signed(release({ sites: ['XY', 'QS'] })), station).state, 'offered');
});

test('versions compare as semantic versions; a bad release is rolled forward by the next', () => {
  assert.equal(isNewer('0.10.0', '0.9.9'), true);
  assert.equal(isNewer('1.0.0', '1.0.0-rc.2'), true);
  assert.equal(isNewer('1.0.0-rc.2', '1.0.0'), false);
  // 0.2.0 was bad; 0.2.1 fixes it and supersedes it everywhere, also where 0.2.0 waits.
  assert.equal(
    releaseForStation(signed(release({ version: '0.2.1' })), { ...station, version: '0.2.0' }).state,
    'offered',
  );
});

test('what electron-updater downloaded must match the signed release file for file', () => {
  const r = release();
  assert.equal(
    matchesRelease({ version: '0.2.0', files: [{ url: 'Lectern-0.2.0.AppImage', sha512: 'abc==', size: 10 }] }, r),
    true,
  );
  assert.equal(
    matchesRelease({ version: '0.2.0', files: [{ url: 'Lectern-0.2.0.AppImage', sha512: 'evil==', size: 10 }] }, r),
    false,
  );
  assert.equal(matchesRelease({ version: '0.2.1', files: r.files }, r), false);
  assert.equal(matchesRelease({ version: '0.2.0', files: [...r.files, { url: 'x', sha512: 'y' }] }, r), false);
  assert.equal(matchesRelease('nonsense', r), false);
});

test('installs outside class hours and with no class open, or at the next start', () => {
  const nine = Date.UTC(2026, 10, 30, 1, 0);
  const classes = [{ startsAt: nine, endsAt: nine + 90 * 60_000 }];
  const decide = (now: number, classOpen = false, atStart = false) =>
    installDecision({ now, classOpen, classes, atStart });
  assert.equal(decide(nine - CLASS_LEAD_MS - 1), 'install_now');
  assert.equal(decide(nine - CLASS_LEAD_MS), 'wait', 'half an hour before a class');
  assert.equal(decide(nine + 60_000), 'wait');
  assert.equal(decide(nine + 90 * 60_000), 'install_now', 'after the class');
  assert.equal(decide(nine + 120 * 60_000, true), 'wait', 'an ad-hoc class is open');
  assert.equal(decide(nine + 60_000, true, true), 'install_now', 'at start nothing runs yet');
});
