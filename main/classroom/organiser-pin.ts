// Who may unlock class management: the organisers (单位管理员) of the site's roster — learners
// the hub published with the organiser role — each with their own PIN. The PIN that opens
// for an organiser is the one a technician set or reset at this station (accounts.json), else
// the one set at the hub (a scrypt hash on the roster record); with neither, that organiser
// cannot unlock yet. Nobody can claim a PIN by being first at the screen.
import type Database from 'better-sqlite3';
import type { Accounts } from '../station/accounts.ts';
import { prepared } from '../storage/sql.ts';

export type RosterOrganiser = { learnerId: string; name: string; unit: string; hubPinHash: string | null };

type Row = { id: string; name: string; unit: string; organiser_pin_hash: string | null };
const toOrganiser = (row: Row): RosterOrganiser => ({
  learnerId: row.id,
  name: row.name,
  unit: row.unit,
  hubPinHash: row.organiser_pin_hash,
});

export function rosterOrganisers(catalog: Database.Database): RosterOrganiser[] {
  return prepared<[], Row>(
    catalog,
    'SELECT id, name, unit, organiser_pin_hash FROM learners WHERE organiser = 1 ORDER BY name, id',
  )
    .all()
    .map(toOrganiser);
}

export function rosterOrganiser(catalog: Database.Database, learnerId: string): RosterOrganiser | null {
  const row = prepared<[string], Row>(
    catalog,
    'SELECT id, name, unit, organiser_pin_hash FROM learners WHERE id = ? AND organiser = 1',
  ).get(learnerId);
  return row ? toOrganiser(row) : null;
}

/** The PIN hash that opens for this organiser: set at this station, else at the hub; null: none. */
export function organiserPinHash(accounts: Accounts, organiser: RosterOrganiser): string | null {
  return accounts.localOrganiserPin(organiser.learnerId) ?? organiser.hubPinHash;
}

/** Whether any organiser of the roster has a PIN, so the class screen can be unlocked at all. */
export function anyOrganiserCanUnlock(catalog: Database.Database, accounts: Accounts): boolean {
  return rosterOrganisers(catalog).some((organiser) => organiserPinHash(accounts, organiser) !== null);
}
