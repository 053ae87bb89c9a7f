// Reading the hub's update feed for the signed release document (update-release.ts): the
// Electron shell checks it before electron-updater's download is installed, and the browser
// shell — which cannot install itself — reads it to tell the technician an update is waiting.
// The feed is public and plain HTTP on an intranet: nothing in it is trusted unless the hub's
// signature verifies (update-policy.ts).
import { RELEASE_DOCUMENTS, type ReleasePlatform } from '../../protocol/update-release.ts';
import { releaseForStation, type ReleaseVerdict } from './update-policy.ts';

export type StationUpdateIdentity = {
  updatesUrl: string;
  hubPublicKey: string;
  siteCode: string;
  platform: ReleasePlatform;
  version: string;
};

export type FeedVerdict = ReleaseVerdict | { state: 'none' } | { state: 'unreachable'; error: string };

export function stationPlatform(platform: NodeJS.Platform = process.platform): ReleasePlatform {
  return platform === 'win32' ? 'windows' : 'linux';
}

export async function checkUpdateFeed(
  station: StationUpdateIdentity,
  fetchFn: typeof fetch = fetch,
  timeoutMs = 15_000,
): Promise<FeedVerdict> {
  const base = station.updatesUrl.endsWith('/') ? station.updatesUrl : `${station.updatesUrl}/`;
  let response: Response;
  try {
    response = await fetchFn(new URL(RELEASE_DOCUMENTS[station.platform], base), {
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { state: 'unreachable', error: error instanceof Error ? error.message : String(error) };
  }
  if (response.status === 404) return { state: 'none' };
  if (!response.ok) return { state: 'unreachable', error: `HTTP ${response.status}` };
  let document: unknown;
  try {
    document = await response.json();
  } catch {
    return { state: 'untrusted' };
  }
  return releaseForStation(document, station);
}
