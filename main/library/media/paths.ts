// Where media lives under the station's data folder:
//   media/<aa>/<sha256>            verified files, fanned out by the first two hex digits
//   media/partial/<sha256>.part    bytes of an unfinished download
//   media/partial/<sha256>.json    which hub version (ETag) those bytes belong to
//   media/preferences.json         settings and pins (not cache: survives a catalog rebuild)
import path from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

export interface MediaPaths {
  root: string;
  partialDir: string;
  preferences: string;
  file(sha256: string): string;
  part(sha256: string): string;
  partMeta(sha256: string): string;
}

export function mediaPaths(dataDir: string): MediaPaths {
  const root = path.join(dataDir, 'media');
  const partialDir = path.join(root, 'partial');
  const checked = (sha256: string) => {
    // Every path is built from a hash; anything else could walk out of the folder.
    if (!isSha256(sha256)) throw new Error(`Not a sha256: ${JSON.stringify(sha256)}`);
    return sha256;
  };
  return {
    root,
    partialDir,
    preferences: path.join(root, 'preferences.json'),
    file: (sha256) => path.join(root, checked(sha256).slice(0, 2), sha256),
    part: (sha256) => path.join(partialDir, `${checked(sha256)}.part`),
    partMeta: (sha256) => path.join(partialDir, `${checked(sha256)}.json`),
  };
}
