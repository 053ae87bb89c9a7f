// A station that ran the demo and is then provisioned for a real hub must not carry the demo
// into its classroom: the demo's ledger is signed by a key the demo hub enrolled, its catalogue
// and media are the demo's. At the next start (before the databases open) everything the demo
// made is moved aside, untouched, to demo-archive/<time>/, and the station starts as a new
// one: a new key, an empty ledger, enrolment with the configured hub. A real ledger is never
// touched — only one whose enrollment names the demo site.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../runtime/logger.ts';
import { readEnrollment } from './identity.ts';
import { KEY_FILE_NAME } from './key-file.ts';
import { DEMO_SITE_CODE, readStationConfig } from './station-config.ts';

/** What the demo leaves in the data folder, besides the databases' -wal and -shm files. */
const DEMO_PARTS = ['ledger.db', 'catalog.db', 'ledger-checkpoint.json', KEY_FILE_NAME, 'demo-hub', 'media', 'backups'];

function enrolledSite(ledgerFile: string): string | null {
  if (!fs.existsSync(ledgerFile)) return null;
  const db = new Database(ledgerFile, { readonly: true, fileMustExist: true });
  try {
    return readEnrollment(db)?.siteCode ?? null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/** Moves the demo aside when the station is provisioned but its ledger is the demo's; the archive folder, or null. */
export function retireDemoIfProvisioned(dataDir: string, log: Logger, now = new Date()): string | null {
  let configured: boolean;
  try {
    configured = readStationConfig(dataDir) !== null;
  } catch {
    // A configuration that does not parse is reported where it is read; the demo stays as it is.
    return null;
  }
  if (!configured || enrolledSite(path.join(dataDir, 'ledger.db')) !== DEMO_SITE_CODE) return null;
  const archive = path.join(dataDir, 'demo-archive', now.toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(archive, { recursive: true });
  const names = DEMO_PARTS.flatMap((name) => (name.endsWith('.db') ? [name, `${name}-wal`, `${name}-shm`] : [name]));
  const moved: string[] = [];
  for (const name of names) {
    const from = path.join(dataDir, name);
    if (!fs.existsSync(from)) continue;
    fs.renameSync(from, path.join(archive, name));
    moved.push(name);
  }
  log.info('station.demo_retired', { archive, moved });
  return archive;
}
