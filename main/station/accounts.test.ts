import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { hashPin } from '../../protocol/pin-hash.ts';
import { accountsPath, openAccounts, organiserAccount, TECHNICIAN_ACCOUNT } from './accounts.ts';
import { FIRST_DELAY_MS, FREE_TRIES, MAX_DELAY_MS } from './pin-lockout.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the technician PIN is stored as a hash only, in an owner-only file', (t) => {
  const dir = tempDir(t);
  const accounts = openAccounts(dir);
  assert.equal(accounts.hasTechnicianPin(), false);
  assert.equal(accounts.checkTechnician('1234').verdict, 'pin_wrong');
  accounts.setTechnicianPin('582913');
  assert.equal(accounts.checkTechnician('582913').verdict, 'ok');
  const text = fs.readFileSync(accountsPath(dir), 'utf8');
  assert.ok(!text.includes('582913'));
  if (process.platform !== 'win32') assert.equal(fs.statSync(accountsPath(dir)).mode & 0o777, 0o600);
});

test('wrong PINs lock one account with a growing delay that survives a restart; others stay open', (t) => {
  const dir = tempDir(t);
  let clock = 1_800_000_000_000;
  const now = () => clock;
  const hash = hashPin('2468');
  const accounts = openAccounts(dir, now);
  const alice = organiserAccount('L-1');
  for (let i = 1; i < FREE_TRIES; i++)
    assert.deepEqual(accounts.check(alice, hash, '0000'), { verdict: 'pin_wrong', retryAfterMs: 0 });
  assert.deepEqual(accounts.check(alice, hash, '0000'), { verdict: 'pin_wrong', retryAfterMs: FIRST_DELAY_MS });
  // Locked: even the right PIN is not checked.
  assert.equal(accounts.check(alice, hash, '2468').verdict, 'pin_locked');
  // Another organiser and the technician are not affected.
  assert.equal(accounts.check(organiserAccount('L-2'), hash, '2468').verdict, 'ok');

  // A restart (a new process opening the same folder) keeps the lock.
  const afterRestart = openAccounts(dir, now);
  assert.equal(afterRestart.check(alice, hash, '2468').verdict, 'pin_locked');
  clock += FIRST_DELAY_MS;
  // The next wrong PIN doubles the delay.
  assert.deepEqual(afterRestart.check(alice, hash, '1111'), { verdict: 'pin_wrong', retryAfterMs: 2 * FIRST_DELAY_MS });
  clock += 2 * FIRST_DELAY_MS;
  assert.equal(afterRestart.check(alice, hash, '2468').verdict, 'ok');
  assert.deepEqual(afterRestart.lockout(alice), { failures: 0, lockedForMs: 0 });
});

test('a clock set back never locks longer than the longest delay; a technician lifts a lock', (t) => {
  const dir = tempDir(t);
  let clock = 1_800_000_000_000;
  const accounts = openAccounts(dir, () => clock);
  const hash = hashPin('2468');
  for (let i = 0; i < FREE_TRIES; i++) accounts.check(TECHNICIAN_ACCOUNT, hash, '0000');
  clock -= 365 * 24 * 3600_000;
  const locked = accounts.check(TECHNICIAN_ACCOUNT, hash, '2468');
  assert.equal(locked.verdict, 'pin_locked');
  assert.ok('retryAfterMs' in locked && locked.retryAfterMs <= MAX_DELAY_MS);
  accounts.clearLockout(TECHNICIAN_ACCOUNT);
  assert.equal(accounts.check(TECHNICIAN_ACCOUNT, hash, '2468').verdict, 'ok');
});

test('an organiser PIN set at the station is kept; a damaged accounts file opens nothing', (t) => {
  const dir = tempDir(t);
  const accounts = openAccounts(dir);
  accounts.setOrganiserPin('L-7', '7777');
  assert.equal(accounts.check(organiserAccount('L-7'), accounts.localOrganiserPin('L-7'), '7777').verdict, 'ok');
  assert.equal(accounts.useReset('reset-1'), true);
  assert.equal(accounts.useReset('reset-1'), false);
  fs.writeFileSync(accountsPath(dir), '{"version":1,');
  assert.throws(() => accounts.hasTechnicianPin(), /damaged/);
});
