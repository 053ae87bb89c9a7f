// The update feed read by electron-updater's generic provider: <dataDir>/updates/ holds the
// installers and latest.yml (Windows) / latest-linux.yml (Linux); the hub serves the folder
// at /v1/updates/. It is public on purpose: electron-updater cannot sign requests, and it
// checks every file against the sha512 in the yml. Beside each yml the hub writes the same
// facts signed with its key (protocol/update-release.ts), which a station verifies before it
// installs, and which names the sites of a staged rollout; browser-shell stations read it to
// say that an update is waiting.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncFileSync, writeFileDurablySync } from '../common/node/durable-file.ts';
import { signHubDocument } from '../protocol/hub-signed.ts';
import { RELEASE_DOCUMENTS, type UpdateRelease } from '../protocol/update-release.ts';

export const UPDATE_CHANNELS = { windows: 'latest.yml', linux: 'latest-linux.yml' } as const;
export type UpdatePlatform = keyof typeof UPDATE_CHANNELS;

function sha512Base64(file: string): string {
  return crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64');
}

/**
 * Copies the installer files into the feed and writes the platform's yml; the first file
 * is the one electron-updater installs (`path`). Returns the yml text.
 */
export function publishUpdate(
  dataDir: string,
  input: {
    platform: UpdatePlatform;
    version: string;
    files: string[];
    releaseDate?: string;
    /** A staged rollout: only these sites take it; absent, every site. */
    sites?: string[];
    hubPrivateKey: string;
    now: number;
  },
): string {
  if (!/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(input.version))
    throw new Error(`${input.version} is not a semantic version`);
  if (input.files.length === 0) throw new Error('Give at least one installer file');
  const dir = path.join(dataDir, 'updates');
  fs.mkdirSync(dir, { recursive: true });
  const entries = input.files.map((source) => {
    const name = path.basename(source);
    if (!/^[\w.+-]+$/.test(name)) throw new Error(`${name}: installer names are letters, digits, . _ + - only`);
    fs.copyFileSync(source, path.join(dir, name));
    fsyncFileSync(path.join(dir, name));
    return { url: name, sha512: sha512Base64(source), size: fs.statSync(source).size };
  });
  const first = entries[0]!;
  const yml = [
    `version: ${input.version}`,
    'files:',
    ...entries.flatMap((entry) => [`  - url: ${entry.url}`, `    sha512: ${entry.sha512}`, `    size: ${entry.size}`]),
    `path: ${first.url}`,
    `sha512: ${first.sha512}`,
    `releaseDate: '${input.releaseDate ?? new Date().toISOString()}'`,
    '',
  ].join('\n');
  const release: UpdateRelease = {
    platform: input.platform,
    version: input.version,
    files: entries,
    sites: input.sites ?? null,
    publishedAt: input.now,
  };
  const signed = signHubDocument('update_release', release, input.hubPrivateKey);
  // The signature first: a station that reads the new yml must find the document for it.
  writeFileDurablySync(path.join(dir, RELEASE_DOCUMENTS[input.platform]), `${JSON.stringify(signed, null, 2)}\n`);
  writeFileDurablySync(path.join(dir, UPDATE_CHANNELS[input.platform]), yml);
  return yml;
}

/** The file to serve for /v1/updates/<name>, or undefined: names only, no paths. */
export function updateFile(dataDir: string, name: string): string | undefined {
  if (!/^[\w.+-]+$/.test(name) || name.startsWith('.')) return undefined;
  const file = path.join(dataDir, 'updates', name);
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : undefined;
}
