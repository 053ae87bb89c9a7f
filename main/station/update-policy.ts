// When a station takes an update — pure rules, the same for both shells:
//   - a release counts only if the hub signed it (update-release.ts), for this platform, and
//     either for every site or for this station's site (a staged rollout by site);
//   - only a higher version than the running one is taken: a bad release is never rolled
//     back, it is rolled forward by publishing the next one, which every station then takes
//     (also one that downloaded the bad one and has not installed it yet);
//   - what electron-updater downloaded is installed only if its yml matches the signed
//     release file for file (sha512 and size);
//   - it is installed only when no class is open and the hour is outside class hours (a
//     scheduled class from 30 minutes before its start to its end), or at the next start.
import { z } from 'zod';
import { verifyHubDocument } from '../../protocol/hub-signed.ts';
import { UpdateReleaseSchema, type ReleasePlatform, type UpdateRelease } from '../../protocol/update-release.ts';

export const CLASS_LEAD_MS = 30 * 60_000;

export type ReleaseVerdict =
  | { state: 'offered'; release: UpdateRelease }
  | { state: 'current' | 'not_for_site' | 'other_platform'; release: UpdateRelease }
  | { state: 'untrusted' };

function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core, pre] = version.split(/[-+]/, 2);
    return { parts: core!.split('.').map(Number), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i += 1) if (x.parts[i] !== y.parts[i]) return x.parts[i]! - y.parts[i]!;
  // 1.0.0-rc.1 < 1.0.0
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}

export function isNewer(candidate: string, running: string): boolean {
  return compareVersions(candidate, running) > 0;
}

/** What a signed release document means for this station. */
export function releaseForStation(
  document: unknown,
  station: { hubPublicKey: string; platform: ReleasePlatform; siteCode: string; version: string },
): ReleaseVerdict {
  const release = verifyHubDocument(document, 'update_release', station.hubPublicKey, UpdateReleaseSchema);
  if (!release) return { state: 'untrusted' };
  if (release.platform !== station.platform) return { state: 'other_platform', release };
  if (!isNewer(release.version, station.version)) return { state: 'current', release };
  if (release.sites !== null && !release.sites.includes(station.siteCode)) return { state: 'not_for_site', release };
  return { state: 'offered', release };
}

const UpdateInfoSchema = z.object({
  version: z.string(),
  files: z.array(z.object({ url: z.string(), sha512: z.string(), size: z.number().optional() })),
});

/** Whether electron-updater's UpdateInfo (from the feed's yml) is exactly the signed release. */
export function matchesRelease(updateInfo: unknown, release: UpdateRelease): boolean {
  const info = UpdateInfoSchema.safeParse(updateInfo);
  if (!info.success || info.data.version !== release.version) return false;
  if (info.data.files.length !== release.files.length) return false;
  return info.data.files.every((file) =>
    release.files.some(
      (signed) =>
        signed.url === file.url && signed.sha512 === file.sha512 && (file.size ?? signed.size) === signed.size,
    ),
  );
}

export type ClassTime = { startsAt: number; endsAt: number };

/** Install now, or wait: never while a class is open or within a class's hours. */
export function installDecision(input: {
  now: number;
  classOpen: boolean;
  classes: readonly ClassTime[];
  /** The station is starting: nothing is running yet, so an update waiting from before goes in now. */
  atStart: boolean;
}): 'install_now' | 'wait' {
  if (input.atStart) return 'install_now';
  if (input.classOpen) return 'wait';
  const inClassHours = input.classes.some(
    (entry) => input.now >= entry.startsAt - CLASS_LEAD_MS && input.now < entry.endsAt,
  );
  return inClassHours ? 'wait' : 'install_now';
}
