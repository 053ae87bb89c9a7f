// The browser shell's token, kept across restarts: a kiosk browser holds the address with
// the token, and a station that restarts (an update, a crash, a power cut) must let that same
// page back in on the same port without anyone retyping anything. The token lives in the
// data folder, readable only by the station's user (0600), written atomically; a file that
// is damaged or too short is replaced, which only costs the open page a reload by the
// launcher.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileDurablySync } from '../../common/node/durable-file.ts';

export const LAUNCH_SECRET_FILE = 'web-shell-token';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

export function loadOrCreateLaunchSecret(dataDir: string): { token: string; created: boolean } {
  const file = path.join(dataDir, LAUNCH_SECRET_FILE);
  try {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (TOKEN_PATTERN.test(token)) {
      // Restored by hand with wider permissions: tighten them again.
      if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o777) !== 0o600) fs.chmodSync(file, 0o600);
      return { token, created: false };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = crypto.randomBytes(32).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  writeFileDurablySync(file, `${token}\n`, { mode: 0o600 });
  return { token, created: true };
}
