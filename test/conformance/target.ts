// Which hub the conformance suite runs against.
//   - HUB_URL unset: a reference hub started in-process (temp folder, 127.0.0.1, port 0,
//     demo dataset), with its admin API, so every test runs.
//   - HUB_URL=http://host:port/ with HUB_SITE_CODE and HUB_ENROLLMENT_TOKENS (comma
//     separated, at least 16 unused tokens of that site): any hub that implements
//     docs/protocol.md. Tests that need an administrator (revocation, tombstones, update
//     feed, stored conflicts) report a visible skip. HUB_CA=<PEM file> trusts that
//     certificate authority (only it) for an https:// hub with a certificate of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HubAdmin } from '../../hub/admin.ts';
import { startHub } from '../../hub/server.ts';
import { Agent, type Dispatcher } from 'undici';

export type ConformanceTarget = {
  url: string;
  siteCode: string;
  /** A fresh, unused enrollment token for the site. */
  nextToken(): string;
  /** What the client and the raw requests go through (undefined: undici's global agent). */
  dispatcher: Dispatcher | undefined;
  /** In-process only. */
  admin: HubAdmin | null;
  dataDir: string | null;
  close(): Promise<void>;
};

export async function conformanceTarget(): Promise<ConformanceTarget> {
  const external = process.env.HUB_URL;
  if (external) {
    const siteCode = process.env.HUB_SITE_CODE;
    const tokens = (process.env.HUB_ENROLLMENT_TOKENS ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (!siteCode || tokens.length === 0)
      throw new Error('With HUB_URL, set HUB_SITE_CODE and HUB_ENROLLMENT_TOKENS (comma-separated)');
    const ca = process.env.HUB_CA;
    return {
      url: external.endsWith('/') ? external : `${external}/`,
      dispatcher: ca ? new Agent({ connect: { ca: fs.readFileSync(ca) } }) : undefined,
      siteCode,
      nextToken: () => {
        const token = tokens.shift();
        if (!token) throw new Error('HUB_ENROLLMENT_TOKENS ran out: give more tokens');
        return token;
      },
      admin: null,
      dataDir: null,
      close: async () => {},
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-'));
  const hub = await startHub({ dataDir, demo: true });
  return {
    url: hub.url,
    dispatcher: undefined,
    siteCode: 'DEMO',
    nextToken: () => hub.admin.createEnrollmentToken({ siteCode: 'DEMO' }).token,
    admin: hub.admin,
    dataDir,
    close: async () => {
      await hub.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
