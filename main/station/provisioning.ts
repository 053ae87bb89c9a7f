// Provisioning: making a PC this classroom's station. The same input comes from three
// places — the first-run wizard on the station's screen, a lectern-provision.json on a USB
// drive, and `npm run provision` — and goes through one path here:
//   1. the input is validated field by field (a problem names the field);
//   2. the hub is asked whether the site and token would enroll (POST /v1/enroll/check,
//      consuming nothing), so a wrong token is refused with the hub's reason while the
//      technician is still at the station; without network the file and the wizard may
//      go on, and the station enrolls at its first contact;
//   3. only then is anything written: the technician PIN's hash (accounts.json), then
//      station-config.json, which is what makes the station "provisioned".
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ProvisionField, ProvisionProblem } from '../../common/provision-messages.ts';
import { HubClientError } from '../../protocol/hub-client/errors.ts';
import { checkEnrollment, type Connection } from '../../protocol/hub-client/hub-client.ts';
import { PIN_PATTERN } from '../../protocol/pin-hash.ts';
import { openAccounts } from './accounts.ts';
import type { StoredEnrollment } from './identity.ts';
import { DEMO_SITE_CODE, KIOSK_PORT_RANGE, writeStationConfig } from './station-config.ts';

export const PROVISION_FILE_NAME = 'lectern-provision.json';

export const ProvisionInputSchema = z.strictObject({
  hubUrl: z.url({ protocol: /^https?$/, error: 'an http:// or https:// address' }),
  siteCode: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '1–32 letters, digits, - or _'),
  enrollmentToken: z.string().trim().min(16, '16 to 128 characters').max(128, '16 to 128 characters'),
  classroomName: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
  technicianPin: z.string().regex(PIN_PATTERN, '4 to 12 digits'),
  kioskPort: z.number().int().min(KIOSK_PORT_RANGE.min).max(KIOSK_PORT_RANGE.max).optional(),
});
export type ProvisionInput = z.infer<typeof ProvisionInputSchema>;

export class ProvisionError extends Error {
  readonly problems: ProvisionProblem[];
  constructor(problems: ProvisionProblem[]) {
    super(problems.map((problem) => `${problem.code} ${JSON.stringify(problem.params)}`).join('; '));
    this.name = 'ProvisionError';
    this.problems = problems;
  }
}

const problem = (code: ProvisionProblem['code'], params: Record<string, string> = {}) =>
  new ProvisionError([{ code, params }]);

/** The input, or a ProvisionError naming every field that is missing, wrong or unknown. */
export function parseProvisionInput(raw: unknown): ProvisionInput {
  const parsed = ProvisionInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue): ProvisionProblem[] => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((field) => ({ code: 'field_unknown', params: { field } }));
    const field = String(issue.path[0] ?? '(file)') as ProvisionField;
    const present = raw !== null && typeof raw === 'object' && (raw as Record<string, unknown>)[field] !== undefined;
    return [
      present
        ? { code: 'field_invalid', params: { field, detail: issue.message } }
        : { code: 'field_missing', params: { field } },
    ];
  });
  throw new ProvisionError(problems);
}

export function readProvisionFile(file: string): ProvisionInput {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw problem('file_unreadable', { file });
  }
  let raw: unknown;
  try {
    // A file saved by Windows Notepad may start with a byte-order mark.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw problem('file_not_json', { file });
  }
  return parseProvisionInput(raw);
}

/**
 * Where removable drives are mounted: /media/USER/LABEL, /run/media/USER/LABEL, /mnt/X; D:–Z:
 * on Windows. LECTERN_USB_ROOTS (separated like PATH) names others (a PC that mounts elsewhere).
 */
export function removableRoots(platform: NodeJS.Platform = process.platform, env = process.env): string[] {
  if (env.LECTERN_USB_ROOTS) return env.LECTERN_USB_ROOTS.split(path.delimiter).filter(Boolean);
  if (platform === 'win32') return 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((letter) => `${letter}:\\`);
  const children = (dir: string) => {
    try {
      return fs.readdirSync(dir).map((name) => path.join(dir, name));
    } catch {
      return [];
    }
  };
  return [
    ...children('/media').flatMap((user) => [user, ...children(user)]),
    ...children('/run/media').flatMap(children),
    ...children('/mnt'),
  ];
}

/** The first lectern-provision.json at the top of a removable drive (or of `roots`). */
export function findProvisionFile(roots: string[] = removableRoots()): string | null {
  for (const root of roots) {
    const candidate = path.join(root, PROVISION_FILE_NAME);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not there, or a drive letter with no disc in it.
    }
  }
  return null;
}

export type ProvisionOptions = {
  dataDir: string;
  input: ProvisionInput;
  /** required: an unreachable hub is an error (the command without --offline); if_reachable: go on and enroll later. */
  hub: 'required' | 'if_reachable' | 'skip';
  /** What ledger.db says this station is enrolled as; only the demo may be replaced. */
  enrollment: StoredEnrollment | null;
  connection?: Partial<Connection>;
};

export type ProvisionResult = { checked: boolean; siteName: string | null };

/** Asks the hub about the site and token; null when it cannot be reached and that is allowed. */
export async function checkWithHub(
  options: Pick<ProvisionOptions, 'hub' | 'connection'> & {
    input: Pick<ProvisionInput, 'hubUrl' | 'siteCode' | 'enrollmentToken'>;
  },
): Promise<{ siteName: string } | null> {
  const { input } = options;
  let answer;
  try {
    answer = await checkEnrollment({
      timeoutMs: 8000,
      ...options.connection,
      baseUrl: input.hubUrl,
      siteCode: input.siteCode,
      token: input.enrollmentToken,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (error instanceof HubClientError && error.kind === 'unreachable') {
      if (options.hub === 'if_reachable') return null;
      throw problem('hub_unreachable', { url: input.hubUrl, detail });
    }
    throw problem('hub_not_lectern', { url: input.hubUrl, detail });
  }
  if (answer.siteName === null) throw problem('site_unknown', { site: input.siteCode });
  if (answer.token !== 'valid') throw problem(`token_${answer.token}`, { site: input.siteCode });
  return { siteName: answer.siteName };
}

export async function provisionStation(options: ProvisionOptions): Promise<ProvisionResult> {
  const { dataDir, input, enrollment } = options;
  if (enrollment && enrollment.siteCode !== DEMO_SITE_CODE)
    throw problem('already_enrolled', { station: enrollment.stationId, site: enrollment.siteCode });
  const checked = options.hub === 'skip' ? null : await checkWithHub(options);
  try {
    openAccounts(dataDir).setTechnicianPin(input.technicianPin);
    writeStationConfig(dataDir, {
      hubUrl: input.hubUrl,
      siteCode: input.siteCode,
      enrollmentToken: input.enrollmentToken,
      name: input.classroomName,
      kioskPort: input.kioskPort,
    });
  } catch (error) {
    throw problem('data_dir_unwritable', {
      dir: dataDir,
      detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message,
    });
  }
  return { checked: checked !== null, siteName: checked?.siteName ?? null };
}
