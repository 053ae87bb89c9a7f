// The PINs a station keeps itself, and every account's lockout, in one small file of the
// data folder (accounts.json, owner-only, replaced atomically):
//   - the technician's PIN, set at provisioning; only a reset file signed by the hub
//     (hub-admin technician-reset) replaces it without the current one;
//   - organiser PINs a technician set or reset at this station, which take precedence over
//     the PIN the hub publishes on the roster (an organiser who forgot theirs is helped on
//     the spot, without the network);
//   - per-account lockouts (pin-lockout.ts), so a restart does not reset them.
// Outside ledger.db on purpose: a technician must get in to repair a quarantined ledger.
// Only scrypt hashes (protocol/pin-hash.ts) are stored, never a PIN.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurablySync } from '../../common/node/durable-file.ts';
import { hashPin, PinHashSchema, verifyPin } from '../../protocol/pin-hash.ts';
import { afterWrongPin, lockedFor, UNLOCKED, type LockoutState } from './pin-lockout.ts';

export const ACCOUNTS_FILE = 'accounts.json';
export const TECHNICIAN_ACCOUNT = 'technician';
export const organiserAccount = (learnerId: string) => `organiser:${learnerId}`;

const LockoutSchema = z.strictObject({ failures: z.number().int().nonnegative(), lockedUntil: z.number() });
const AccountsFileSchema = z.strictObject({
  version: z.literal(1),
  technicianPinHash: PinHashSchema.nullable(),
  organiserPins: z.record(z.string(), z.strictObject({ hash: PinHashSchema, setAt: z.number() })),
  lockouts: z.record(z.string(), LockoutSchema),
  /** Ids of hub reset files already used: each works once. */
  usedResets: z.array(z.string()),
});
type AccountsFile = z.infer<typeof AccountsFileSchema>;

const EMPTY: AccountsFile = { version: 1, technicianPinHash: null, organiserPins: {}, lockouts: {}, usedResets: [] };

export type PinVerdict = { verdict: 'ok' } | { verdict: 'pin_wrong' | 'pin_locked'; retryAfterMs: number };

export interface Accounts {
  hasTechnicianPin(): boolean;
  setTechnicianPin(pin: string): void;
  /**
   * Checks a PIN against `hash` for `account`, under that account's lockout: a locked
   * account's PIN is not even checked. `hash` null (none set) is a wrong PIN.
   */
  check(account: string, hash: string | null, pin: string): PinVerdict;
  checkTechnician(pin: string): PinVerdict;
  /** The PIN a technician set here for this organiser, which wins over the hub's. */
  localOrganiserPin(learnerId: string): string | null;
  setOrganiserPin(learnerId: string, pin: string): void;
  lockout(account: string): { failures: number; lockedForMs: number };
  /** A technician lifts an account's lockout. */
  clearLockout(account: string): void;
  /** Records a hub reset id; false when it was used before. */
  useReset(id: string): boolean;
}

export function accountsPath(dataDir: string): string {
  return path.join(dataDir, ACCOUNTS_FILE);
}

function read(file: string): AccountsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY);
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = null;
  }
  const parsed = AccountsFileSchema.safeParse(raw);
  // A damaged file must not open the door: no PIN matches until a technician repairs it.
  if (!parsed.success) throw new Error(`${file} is damaged (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

export function openAccounts(dataDir: string, now: () => number = Date.now): Accounts {
  const file = accountsPath(dataDir);
  // Read at every use: the provisioning command may write the file while the station runs.
  const load = () => read(file);
  const save = (accounts: AccountsFile) => {
    fs.mkdirSync(dataDir, { recursive: true });
    writeFileDurablySync(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  };
  const update = (change: (accounts: AccountsFile) => void) => {
    const accounts = load();
    change(accounts);
    save(accounts);
  };
  const stateOf = (accounts: AccountsFile, account: string): LockoutState => accounts.lockouts[account] ?? UNLOCKED;

  const self: Accounts = {
    hasTechnicianPin: () => load().technicianPinHash !== null,
    setTechnicianPin(pin) {
      const hash = hashPin(pin);
      update((accounts) => {
        accounts.technicianPinHash = hash;
        delete accounts.lockouts[TECHNICIAN_ACCOUNT];
      });
    },
    check(account, hash, pin) {
      const accounts = load();
      const locked = lockedFor(stateOf(accounts, account), now());
      if (locked > 0) return { verdict: 'pin_locked', retryAfterMs: locked };
      if (hash !== null && verifyPin(pin, hash)) {
        if (accounts.lockouts[account]) update((latest) => void delete latest.lockouts[account]);
        return { verdict: 'ok' };
      }
      const next = afterWrongPin(stateOf(accounts, account), now());
      update((latest) => void (latest.lockouts[account] = next));
      return { verdict: 'pin_wrong', retryAfterMs: lockedFor(next, now()) };
    },
    checkTechnician: (pin) => self.check(TECHNICIAN_ACCOUNT, load().technicianPinHash, pin),
    localOrganiserPin: (learnerId) => load().organiserPins[learnerId]?.hash ?? null,
    setOrganiserPin(learnerId, pin) {
      const hash = hashPin(pin);
      update((accounts) => {
        accounts.organiserPins[learnerId] = { hash, setAt: now() };
        delete accounts.lockouts[organiserAccount(learnerId)];
      });
    },
    lockout(account) {
      const state = stateOf(load(), account);
      return { failures: state.failures, lockedForMs: lockedFor(state, now()) };
    },
    clearLockout: (account) => update((accounts) => void delete accounts.lockouts[account]),
    useReset(id) {
      if (load().usedResets.includes(id)) return false;
      update((accounts) => void accounts.usedResets.push(id));
      return true;
    },
  };
  return self;
}
