// The ledger carried out on a removable drive, for a station that has been offline for weeks:
// a folder lectern-ledger-<station>-<time>/ holding
//   ledger.db          a verified copy (ledger-backup.ts), which `ledger-recovery restore` takes;
//   events.ndjson.gz   every event as the protocol sends it, one per line, which the hub's
//                      administrator imports (hub-admin import-events) — the hub verifies each
//                      one as if it had been pushed;
//   manifest.json      station, time, last sequence, the hub's acknowledgement, and each
//                      file's size and sha256, so a copy damaged on the way is noticed.
// Everything is fsynced before the export is reported done: a drive pulled out right after
// holds what was promised, or the manifest is missing and the folder does not count.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fsyncDir, fsyncFile, writeFileDurably } from '../../common/node/durable-file.ts';
import { CopySchema, copyLedger, type LedgerCopy } from './ledger-backup.ts';

export const EXPORT_MANIFEST = 'manifest.json';
export const EXPORT_LEDGER = 'ledger.db';
export const EXPORT_EVENTS = 'events.ndjson.gz';

export const ExportManifestSchema = z.object({
  format: z.literal('lectern-ledger-export'),
  v: z.literal(1),
  stationId: z.string(),
  exportedAt: z.string(),
  ledger: CopySchema,
  events: z.object({
    file: z.string(),
    count: z.number().int().nonnegative(),
    bytes: z.number().int(),
    sha256: z.string(),
  }),
});
export type ExportManifest = z.infer<typeof ExportManifestSchema>;

export class ExportTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportTargetError';
  }
}

export type ExportInput = {
  ledgerFile: string;
  targetDir: string;
  stationId: string;
  /** Writes every event of the copy at `copyFile`, one JSON line each, gzipped, to `target`; returns how many. */
  writeEvents: (copyFile: string, target: string) => Promise<number>;
  now?: Date;
};

async function sha256Of(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function exportLedger(input: ExportInput): Promise<{ folder: string; manifest: ExportManifest }> {
  const now = input.now ?? new Date();
  try {
    if (!fs.statSync(input.targetDir).isDirectory()) throw new Error('not a folder');
    fs.accessSync(input.targetDir, fs.constants.W_OK);
  } catch (error) {
    throw new ExportTargetError(
      `Cannot export to ${input.targetDir}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const folder = path.join(input.targetDir, `lectern-ledger-${input.stationId}-${stamp}`);
  fs.mkdirSync(folder);
  const copy: LedgerCopy = await copyLedger(input.ledgerFile, path.join(folder, EXPORT_LEDGER), now);
  const eventsFile = path.join(folder, EXPORT_EVENTS);
  const count = await input.writeEvents(path.join(folder, EXPORT_LEDGER), eventsFile);
  await fsyncFile(eventsFile);
  const manifest: ExportManifest = {
    format: 'lectern-ledger-export',
    v: 1,
    stationId: input.stationId,
    exportedAt: now.toISOString(),
    ledger: copy,
    events: { file: EXPORT_EVENTS, count, bytes: fs.statSync(eventsFile).size, sha256: await sha256Of(eventsFile) },
  };
  await writeFileDurably(path.join(folder, EXPORT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await fsyncDir(input.targetDir);
  return { folder, manifest };
}

/** The manifest of an export folder, or null when the folder is not one. */
export function readExportManifest(folder: string): ExportManifest | null {
  try {
    return ExportManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(folder, EXPORT_MANIFEST), 'utf8')));
  } catch {
    return null;
  }
}
