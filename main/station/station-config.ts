// The technician's configuration: which hub this station belongs to. A station with this file
// is "configured" and never starts the embedded demo hub. Written by the provisioning step
// (npm run provision) or by hand; a malformed file is an error the technician must fix, never
// a silent fallback to the demo.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurablySync } from '../../common/node/durable-file.ts';

export const STATION_CONFIG_FILE = 'station-config.json';
/** The site the embedded demo hub enrolls the station in; a provisioned station replaces it. */
export const DEMO_SITE_CODE = 'DEMO';
/** The browser shell's fixed port on 127.0.0.1 (the kiosk browser's address must not change across restarts). */
export const DEFAULT_KIOSK_PORT = 18640;
export const KIOSK_PORT_RANGE = { min: 1024, max: 65535 } as const;

export const stationConfigFileSchema = z
  .object({
    hubUrl: z.url({ protocol: /^https?$/ }),
    siteCode: z.string().min(1).max(64),
    // One-time: used at the first start to enroll, ignored once the station is enrolled.
    enrollmentToken: z.string().min(1).max(512).optional(),
    name: z.string().min(1).max(100).default('Lectern station'),
    kioskPort: z.number().int().min(KIOSK_PORT_RANGE.min).max(KIOSK_PORT_RANGE.max).optional(),
  })
  .strict();
export type StationConfigFile = z.infer<typeof stationConfigFileSchema>;

export function stationConfigPath(dataDir: string): string {
  return path.join(dataDir, STATION_CONFIG_FILE);
}

export function readStationConfig(dataDir: string): StationConfigFile | null {
  const file = stationConfigPath(dataDir);
  if (!fs.existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}). Fix or remove it.`,
      { cause: error },
    );
  }
  const parsed = stationConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`${file} is not a valid station configuration: ${problems}`);
  }
  return parsed.data;
}

export function writeStationConfig(dataDir: string, config: StationConfigFile): void {
  const file = stationConfigPath(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  writeFileDurablySync(file, JSON.stringify(stationConfigFileSchema.parse(config), null, 2));
}
