// What a station sets aside at start, before its databases open, when it is to begin again
// as a new station — moved, untouched, never deleted:
//   - the demo: a station that ran the demo and was then provisioned for a real hub must not
//     carry the demo into its classroom (its ledger is signed by a key the demo hub enrolled,
//     its catalogue and media are the demo's): all of it goes to demo-archive/<time>/;
//   - a cloned identity: a disk copied from another station's PC (machine-fingerprint.ts)
//     that the technician re-enrolls as a new station (reenrol.ts) sets its copy of the other
//     station's key and ledger aside in clone-archive/<time>/, so two stations never share a
//     key; the site's catalogue and media stay.
// A real ledger is moved only on those two occasions.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { writeFileDurablySync } from '../../common/node/durable-file.ts';
import type { Logger } from '../runtime/logger.ts';
import { readEnrollment } from './identity.ts';
import { KEY_FILE_NAME } from './key-file.ts';
import { DEMO_SITE_CODE, readStationConfig } from './station-config.ts';

const IDENTITY_PARTS = ['ledger.db', 'ledger-checkpoint.json', KEY_FILE_NAME, 'backups'];
const DEMO_PARTS = [...IDENTITY_PARTS, 'catalog.db', 'demo-hub', 'media'];
/** Written by reenrol.ts: at the next start this station's identity is set aside. */
export const NEW_IDENTITY_MARKER = 'new-identity.json';

function enrolledAt(ledgerFile: string): { siteCode: string; hubUrl: string } | null {
  if (!fs.existsSync(ledgerFile)) return null;
  const db = new Database(ledgerFile, { readonly: true, fileMustExist: true });
  try {
    return readEnrollment(db) ?? null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

function moveAside(dataDir: string, folder: string, parts: string[], now: Date): { archive: string; moved: string[] } {
  const archive = path.join(dataDir, folder, now.toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(archive, { recursive: true });
  const moved: string[] = [];
  for (const name of parts.flatMap((part) => (part.endsWith('.db') ? [part, `${part}-wal`, `${part}-shm`] : [part]))) {
    const from = path.join(dataDir, name);
    if (!fs.existsSync(from)) continue;
    fs.renameSync(from, path.join(archive, name));
    moved.push(name);
  }
  return { archive, moved };
}

/** Asks the next start to set this station's identity aside (reenrol.ts). */
export function requestNewIdentity(dataDir: string, reason: string, now = new Date()): void {
  writeFileDurablySync(
    path.join(dataDir, NEW_IDENTITY_MARKER),
    `${JSON.stringify({ reason, at: now.toISOString() })}\n`,
  );
}

/** Moves the demo or a cloned identity aside when asked to; the archive folder, or null. */
export function retireAtStart(dataDir: string, log: Logger, now = new Date()): string | null {
  const marker = path.join(dataDir, NEW_IDENTITY_MARKER);
  if (fs.existsSync(marker)) {
    const { archive, moved } = moveAside(dataDir, 'clone-archive', IDENTITY_PARTS, now);
    fs.renameSync(marker, path.join(archive, NEW_IDENTITY_MARKER));
    log.info('station.identity_retired', { archive, moved });
    return archive;
  }
  let configured: { siteCode: string; hubUrl: string } | null;
  try {
    configured = readStationConfig(dataDir);
  } catch {
    // A configuration that does not parse is reported where it is read; the demo stays as it is.
    return null;
  }
  const enrolled = enrolledAt(path.join(dataDir, 'ledger.db'));
  if (!configured || enrolled?.siteCode !== DEMO_SITE_CODE) return null;
  // A station configured for the very hub and demo site it enrolled with (a test hub serving
  // the demo content) keeps its ledger: only a move to another hub or site retires the demo.
  const sameHub = new URL(configured.hubUrl).href === new URL(enrolled.hubUrl).href;
  if (sameHub && configured.siteCode === DEMO_SITE_CODE) return null;
  const { archive, moved } = moveAside(dataDir, 'demo-archive', DEMO_PARTS, now);
  log.info('station.demo_retired', { archive, moved });
  return archive;
}
