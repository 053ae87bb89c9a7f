// The diagnostic bundle a technician carries to whoever can help: one folder, written to a
// USB drive when one is mounted (else the data folder's diagnostics/), holding what is
// needed to understand a station and nothing that would let anyone act as it:
//   versions.json   app, Node/Electron, operating system
//   config.json     station-config.json with the enrollment token removed; the enrollment
//                   (station id, hub, site) and the station's public key — never the private
//                   key, the card-hash key or a PIN hash
//   ledger.json     integrity_check and the hash-chain/signature verification of ledger.db
//   health.json     the running station's health checks (when written from the station)
//   disk.json       free and total space of the data folder's disk
//   sync.json       the hub link's report (from the station), else sync-status.json as the
//                   station last saved it (from the command line)
//   devices.json    device states and settings (from the station), else the saved settings
//                   in devices.json — in both, the PJLink password is left out
//   logs/           the rotated log files (logs/lectern.log*)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { writeFileDurablySync } from '../../common/node/durable-file.ts';
import { verifyLedgerFile } from '../ledger/verification.ts';
import { readEnrollment } from './identity.ts';
import { readSecrets } from './key-file.ts';
import { removableRoots } from './provisioning.ts';
import { readStationConfig } from './station-config.ts';

export const LOGS_DIR = 'logs';

export type DiagnosticSources = {
  dataDir: string;
  version: string;
  /** The running station's health (absent from the command line). */
  health?: () => unknown;
  /** The hub link's report (hub-link's syncReport); absent: the saved sync-status.json. */
  sync?: () => unknown;
  /** Device states and settings without the password; absent: the saved devices.json. */
  devices?: () => unknown;
  /** Where to write; the first writable USB drive, else <data>/diagnostics. */
  target?: string;
  now?: () => Date;
};

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function defaultDiagnosticTarget(dataDir: string, roots = removableRoots()): string {
  return roots.find(writable) ?? path.join(dataDir, 'diagnostics');
}

function enrollmentFacts(dataDir: string): { enrollment: unknown; chainKey: string | null } {
  const file = path.join(dataDir, 'ledger.db');
  if (!fs.existsSync(file)) return { enrollment: null, chainKey: null };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const stored = readEnrollment(db);
    const publicKey = readSecrets(dataDir)?.publicKey ?? null;
    return {
      enrollment: stored && {
        stationId: stored.stationId,
        hubUrl: stored.hubUrl,
        siteCode: stored.siteCode,
        siteName: stored.siteName,
        enrolledAt: new Date(stored.enrolledAt).toISOString(),
        stationPublicKey: publicKey,
      },
      chainKey: publicKey,
    };
  } catch (error) {
    return { enrollment: { unreadable: (error as Error).message }, chainKey: null };
  } finally {
    db?.close();
  }
}

async function ledgerCheck(dataDir: string, publicKey: string | null): Promise<unknown> {
  const file = path.join(dataDir, 'ledger.db');
  if (!fs.existsSync(file)) return { present: false };
  if (!publicKey) return { present: true, checked: false, reason: 'no station key to verify signatures with' };
  try {
    const result = await verifyLedgerFile(file, publicKey);
    return { present: true, integrity: result.integrity.length === 0 ? 'ok' : result.integrity, chain: result.chain };
  } catch (error) {
    return { present: true, checked: false, reason: (error as Error).message };
  }
}

/**
 * What the running station last saved in its data folder, for a bundle written from the
 * command line; any field named password is left out.
 */
function savedFile(dataDir: string, name: string): () => unknown {
  return () => ({
    runningStation: false,
    savedIn: name,
    saved: JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8'), (key, value: unknown) =>
      key === 'password' ? undefined : value,
    ),
  });
}

function safely(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    return { available: false, reason: (error as Error).message };
  }
}

export async function writeDiagnosticBundle(sources: DiagnosticSources): Promise<{ path: string; files: string[] }> {
  const { dataDir } = sources;
  const now = (sources.now ?? (() => new Date()))();
  const { enrollment, chainKey } = enrollmentFacts(dataDir);
  const stationId = (enrollment as { stationId?: string } | null)?.stationId ?? 'unprovisioned';
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const folder = path.join(
    sources.target ?? defaultDiagnosticTarget(dataDir),
    `lectern-diagnostics-${stationId}-${stamp}`,
  );
  fs.mkdirSync(folder, { recursive: true });

  let config: unknown;
  try {
    const file = readStationConfig(dataDir);
    config = file ? { ...file, enrollmentToken: file.enrollmentToken ? '(removed)' : undefined } : null;
  } catch (error) {
    config = { invalid: (error as Error).message };
  }
  let disk: unknown;
  try {
    const stats = fs.statfsSync(dataDir);
    disk = { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch (error) {
    disk = { unreadable: (error as Error).message };
  }
  const parts: Record<string, unknown> = {
    'versions.json': {
      app: sources.version,
      versions: process.versions,
      platform: process.platform,
      arch: process.arch,
      os: `${os.type()} ${os.release()}`,
      writtenAt: now.toISOString(),
    },
    'config.json': { dataDir, config, enrollment },
    'ledger.json': await ledgerCheck(dataDir, chainKey),
    'health.json': sources.health
      ? safely(sources.health)
      : { available: false, reason: 'written from the command line: the running station keeps its health' },
    'disk.json': disk,
    'sync.json': safely(sources.sync ?? savedFile(dataDir, 'sync-status.json')),
    'devices.json': safely(sources.devices ?? savedFile(dataDir, 'devices.json')),
  };
  const files: string[] = [];
  for (const [name, value] of Object.entries(parts)) {
    writeFileDurablySync(path.join(folder, name), `${JSON.stringify(value, null, 2)}\n`);
    files.push(name);
  }
  const logs = path.join(dataDir, LOGS_DIR);
  if (fs.existsSync(logs)) {
    fs.mkdirSync(path.join(folder, LOGS_DIR));
    for (const name of fs.readdirSync(logs).filter((file) => file.startsWith('lectern.log'))) {
      fs.copyFileSync(path.join(logs, name), path.join(folder, LOGS_DIR, name));
      files.push(`${LOGS_DIR}/${name}`);
    }
  }
  return { path: folder, files };
}
