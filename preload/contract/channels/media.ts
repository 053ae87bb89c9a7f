// Channels of the media store: fetch a lesson for offline use, pin it, see the disk.
import { z } from 'zod';
import { mediaStateSchema } from './library.ts';
import { noInput } from './no-input.ts';

const id = z.string().min(1).max(128);

export const storageSchema = z.object({
  usedBytes: z.number().nonnegative(),
  quotaBytes: z.number().nonnegative(),
  freeBytes: z.number().nonnegative(),
  // Always kept free on the disk so the learning-hours ledger can grow.
  reserveBytes: z.number().nonnegative(),
});
export type StorageView = z.infer<typeof storageSchema>;

export const mediaChannels = {
  'media.download': { input: z.object({ lessonId: id }).strict(), output: z.object({ mediaState: mediaStateSchema }) },
  'media.pin': {
    input: z.object({ lessonId: id, pinned: z.boolean() }).strict(),
    output: z.object({ pinned: z.boolean() }),
  },
  'media.storage': { input: noInput, output: storageSchema },
} as const;

export const mediaEvents = {
  // A lesson's media changed state (progress included, at most a few times a second).
  'media.stateChanged': z.object({ sha256: z.string(), mediaState: mediaStateSchema }),
} as const;
