// A small file that says "the ledger was damaged and moved aside". While it exists the station
// does not open or create a ledger, so a restart can never quietly start an empty one.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurablySync } from '../../common/node/durable-file.ts';

const markerSchema = z.object({ movedTo: z.string(), reason: z.string(), at: z.string() });
export type QuarantineMarker = z.infer<typeof markerSchema>;

export function quarantineMarkerPath(dataDir: string): string {
  return path.join(dataDir, 'ledger-quarantine.json');
}

export function readQuarantineMarker(dataDir: string): QuarantineMarker | null {
  const file = quarantineMarkerPath(dataDir);
  if (!fs.existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    raw = null;
  }
  const parsed = markerSchema.safeParse(raw);
  // A marker we cannot read still means "quarantined": being wrong the other way loses records.
  return parsed.success ? parsed.data : { movedTo: 'unknown (marker unreadable)', reason: 'unreadable marker', at: '' };
}

export function writeQuarantineMarker(dataDir: string, marker: QuarantineMarker): void {
  writeFileDurablySync(quarantineMarkerPath(dataDir), JSON.stringify(marker, null, 2));
}

export function clearQuarantineMarker(dataDir: string): void {
  fs.rmSync(quarantineMarkerPath(dataDir), { force: true });
}
