// What the hub says about an update, signed with its key (hub-signed.ts, kind
// 'update_release'): the version, every file's sha512 and size exactly as the feed's yml
// lists them, and which sites take it (a staged rollout; null: every site). electron-updater
// checks a downloaded file against the yml's sha512, and the station checks the yml against
// this document before installing anything — so an intranet feed served over plain HTTP, or
// a proxy in the way, cannot hand a station an installer its hub did not publish (§11).
import { z } from 'zod';

export const RELEASE_DOCUMENTS = { windows: 'latest.release.json', linux: 'latest-linux.release.json' } as const;
export type ReleasePlatform = keyof typeof RELEASE_DOCUMENTS;

export const UpdateReleaseSchema = z.strictObject({
  platform: z.enum(['windows', 'linux']),
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/),
  files: z.array(z.strictObject({ url: z.string(), sha512: z.string(), size: z.number().int().nonnegative() })).min(1),
  /** Sites that take this release now; null: all of them. */
  sites: z.array(z.string()).nullable(),
  publishedAt: z.number().int(),
});
export type UpdateRelease = z.infer<typeof UpdateReleaseSchema>;
