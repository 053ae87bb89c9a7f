// The hub resets a technician PIN: `hub-admin technician-reset STATION` writes a file signed
// with the hub key, naming this station, valid for a while and usable once. The station
// checks it against the hub key it was given at enrollment — no network needed — and then
// takes the new PIN. Anyone can copy a file; nobody but the hub can make one.
import { TechnicianResetSchema, verifyHubDocument } from '../../protocol/hub-signed.ts';
import { CliError } from '../../common/node/cli.ts';
import { isPin } from '../../protocol/pin-hash.ts';
import { openAccounts } from './accounts.ts';
import type { StoredEnrollment } from './identity.ts';

export type ResetRefusal =
  'not_enrolled' | 'reset_invalid' | 'reset_other_station' | 'reset_expired' | 'reset_used' | 'pin_format';

const TEXT: Record<ResetRefusal, [string, string]> = {
  not_enrolled: [
    '本机尚未注册，无法验证平台签发的重置文件',
    'The station is not enrolled: a hub reset file cannot be verified',
  ],
  reset_invalid: [
    '重置文件无效：不是本平台签发的，或已被修改',
    'The reset file is not signed by this station’s hub, or was altered',
  ],
  reset_other_station: ['这个重置文件是给另一台站点机的', 'This reset file is for another station'],
  reset_expired: [
    '重置文件已过期，请向平台管理员重新申请',
    'The reset file has expired: ask the hub operator for a new one',
  ],
  reset_used: ['这个重置文件已经用过', 'This reset file was used already'],
  pin_format: ['新 PIN 须为 4 至 12 位数字', 'The new PIN must be 4 to 12 digits'],
};

export class ResetRefused extends CliError {
  readonly refusal: ResetRefusal;
  constructor(refusal: ResetRefusal) {
    super(...TEXT[refusal]);
    this.refusal = refusal;
  }
}

export function resetTechnicianPin(options: {
  dataDir: string;
  enrollment: StoredEnrollment | null;
  document: unknown;
  pin: string;
  now?: number;
}): void {
  const { enrollment } = options;
  if (!isPin(options.pin)) throw new ResetRefused('pin_format');
  if (!enrollment) throw new ResetRefused('not_enrolled');
  const reset = verifyHubDocument(
    options.document,
    'technician_pin_reset',
    enrollment.hubPublicKey,
    TechnicianResetSchema,
  );
  if (!reset) throw new ResetRefused('reset_invalid');
  if (reset.stationId !== enrollment.stationId) throw new ResetRefused('reset_other_station');
  if (reset.expiresAt <= (options.now ?? Date.now())) throw new ResetRefused('reset_expired');
  const accounts = openAccounts(options.dataDir);
  if (!accounts.useReset(reset.id)) throw new ResetRefused('reset_used');
  accounts.setTechnicianPin(options.pin);
}
