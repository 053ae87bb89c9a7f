// Settings and pins: choices people made, not cache, so they live in a small file beside the
// media (written atomically) and survive a rebuilt catalog.db.
import fs from 'node:fs';
import { z } from 'zod';
import { writeFileDurably } from '../../../common/node/durable-file.ts';
import { isValidClock } from './download-window.ts';
import { isSha256 } from './paths.ts';

const clock = z.string().refine(isValidClock, 'a time of day such as 22:00');

export const MediaSettingsSchema = z.object({
  /** Local time; null: any hour. Lessons scheduled for a class ignore it. */
  downloadWindow: z.object({ start: clock, end: clock }).nullable(),
  /** Total for all downloads; null: no cap. */
  bandwidthCapBytesPerSecond: z
    .number()
    .int()
    .min(16 * 1024)
    .nullable(),
  /** Most bytes media may take; null: the disk less the ledger's reserve. */
  quotaBytes: z.number().int().nonnegative().nullable(),
  concurrentDownloads: z.union([z.literal(1), z.literal(2)]),
});
export type MediaSettings = z.infer<typeof MediaSettingsSchema>;

export const MediaSettingsPatchSchema = MediaSettingsSchema.partial();
export type MediaSettingsPatch = z.infer<typeof MediaSettingsPatchSchema>;

export const DEFAULT_MEDIA_SETTINGS: MediaSettings = {
  downloadWindow: { start: '22:00', end: '06:00' },
  bandwidthCapBytesPerSecond: null,
  quotaBytes: null,
  concurrentDownloads: 2,
};

const PinSchema = z.object({ sha256: z.string().refine(isSha256), size: z.number().int().nonnegative() });
export type Pin = z.infer<typeof PinSchema>;

const PreferencesSchema = z.object({ settings: MediaSettingsSchema, pins: z.array(PinSchema) });
export type MediaPreferences = z.infer<typeof PreferencesSchema>;

/** The saved preferences; defaults when the file is absent or unreadable (logged by the caller). */
export function loadPreferences(file: string): { preferences: MediaPreferences; problem: string | null } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { preferences: { settings: DEFAULT_MEDIA_SETTINGS, pins: [] }, problem: null };
  }
  try {
    return { preferences: PreferencesSchema.parse(JSON.parse(text)), problem: null };
  } catch (error) {
    return {
      preferences: { settings: DEFAULT_MEDIA_SETTINGS, pins: [] },
      problem: error instanceof Error ? error.message : String(error),
    };
  }
}

export async function savePreferences(file: string, preferences: MediaPreferences): Promise<void> {
  await writeFileDurably(file, JSON.stringify(preferences, null, 2));
}
