// Where a station keeps its databases, keys and media when nobody says otherwise.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.LECTERN_DATA) return path.resolve(env.LECTERN_DATA);
  if (platform === 'win32') return path.join(env.PROGRAMDATA ?? 'C:\\ProgramData', 'Lectern');
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'lectern');
}
