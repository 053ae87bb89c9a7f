// First boot with a provisioning file: a station that is not provisioned looks for
// lectern-provision.json at the top of a USB drive when it starts, and provisions itself
// from it — the hub asked if it can be reached, else the station enrolls at first contact —
// before it chooses its hub, so a technician with the file plugs in the drive, switches the
// PC on, and walks away from a kiosk-ready station. A file with problems changes nothing; its
// problems wait on the technician page. A provisioned station never reads a drive by itself.
import type { ProvisionProblem } from '../../common/provision-messages.ts';
import type { Logger } from '../runtime/logger.ts';
import type { StoredEnrollment } from './identity.ts';
import { findProvisionFile, provisionStation, ProvisionError, readProvisionFile } from './provisioning.ts';
import { DEMO_SITE_CODE, readStationConfig } from './station-config.ts';

export type FirstBootOutcome =
  | { state: 'not_needed' | 'no_file' }
  | { state: 'provisioned'; file: string; checked: boolean; siteName: string | null }
  | { state: 'refused'; file: string; problems: ProvisionProblem[] };

export async function provisionFromUsbAtStart(options: {
  dataDir: string;
  enrollment: StoredEnrollment | null;
  log: Logger;
  roots?: string[];
}): Promise<FirstBootOutcome> {
  const { dataDir, enrollment, log } = options;
  let configured: boolean;
  try {
    configured = readStationConfig(dataDir) !== null;
  } catch {
    configured = true; // a configuration exists, if a broken one: not a first boot
  }
  if (configured || (enrollment && enrollment.siteCode !== DEMO_SITE_CODE)) return { state: 'not_needed' };
  const file = findProvisionFile(options.roots);
  if (!file) return { state: 'no_file' };
  try {
    const input = readProvisionFile(file);
    const result = await provisionStation({ dataDir, input, hub: 'if_reachable', enrollment });
    log.info('station.provisioned_from_usb', { file, checked: result.checked, siteCode: input.siteCode });
    return { state: 'provisioned', file, ...result };
  } catch (error) {
    if (!(error instanceof ProvisionError)) throw error;
    log.warn('station.provision_file_refused', { file, problems: error.problems });
    return { state: 'refused', file, problems: error.problems };
  }
}
