// A disk copied from another station's PC stops recording (machine-fingerprint.ts); the
// technician makes it a station of its own with a new enrollment token from the hub: the hub
// is asked about the token first (as at provisioning), the configuration takes it, and the
// next start sets the copied key and ledger aside (demo-retirement.ts), makes a new key and
// enrolls — a new station, with a new id and key; the original station is untouched.
import { requestNewIdentity } from './demo-retirement.ts';
import { checkWithHub, ProvisionError, ProvisionInputSchema } from './provisioning.ts';
import { readStationConfig, writeStationConfig } from './station-config.ts';

export async function reenrolAsNewStation(options: {
  dataDir: string;
  enrollmentToken: string;
}): Promise<{ checked: boolean; siteName: string | null }> {
  const config = readStationConfig(options.dataDir);
  if (!config) throw new ProvisionError([{ code: 'field_missing', params: { field: 'hubUrl' } }]);
  const token = ProvisionInputSchema.shape.enrollmentToken.safeParse(options.enrollmentToken);
  if (!token.success)
    throw new ProvisionError([
      { code: 'field_invalid', params: { field: 'enrollmentToken', detail: token.error.issues[0]?.message ?? '' } },
    ]);
  const input = { hubUrl: config.hubUrl, siteCode: config.siteCode, enrollmentToken: token.data };
  const checked = await checkWithHub({ input, hub: 'if_reachable' });
  writeStationConfig(options.dataDir, { ...config, enrollmentToken: token.data });
  requestNewIdentity(options.dataDir, 'cloned');
  return { checked: checked !== null, siteName: checked?.siteName ?? null };
}
