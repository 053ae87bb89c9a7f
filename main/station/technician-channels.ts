// technician.* channels: the technician page behind the technician PIN (accounts.ts, with its
// own lockout), the organisers' PINs and lockouts, and the diagnostic bundle. A station that
// is not provisioned yet (the demo) has no technician PIN: its page is open, because there is
// nothing yet to protect and the technician must reach it to provision.
import type { ChannelOutput } from '../../preload/contract/channels.ts';
import type { Handlers } from '../runtime/router.ts';
import { Refused } from '../runtime/refusal.ts';
import { organiserAccount, TECHNICIAN_ACCOUNT } from './accounts.ts';
import { writeDiagnosticBundle } from './diagnostics.ts';
import { stationHealth } from './health.ts';
import { readEnrollment } from './identity.ts';
import { reenrolAsNewStation } from './reenrol.ts';
import type { FeedVerdict } from './update-check.ts';
import {
  findProvisionFile,
  parseProvisionInput,
  provisionStation,
  ProvisionError,
  readProvisionFile,
  type ProvisionInput,
} from './provisioning.ts';
import { DEMO_SITE_CODE, readStationConfig } from './station-config.ts';
import type { StationService } from './station-service.ts';
import { createUnlockSessions, type UnlockSessions } from './unlock-sessions.ts';

type TechnicianHandlers = Pick<
  Handlers,
  | 'technician.status'
  | 'technician.provision'
  | 'technician.provisionFromUsb'
  | 'technician.reenrolAsNew'
  | 'technician.unlock'
  | 'technician.lock'
  | 'technician.organisers'
  | 'technician.setOrganiserPin'
  | 'technician.clearLockout'
  | 'technician.diagnostics'
>;

export const TECHNICIAN_IDLE_MS = 5 * 60_000;

function updateView(verdict: FeedVerdict | null): ChannelOutput<'technician.status'>['update'] {
  if (!verdict) return { state: 'unchecked', version: null };
  return { state: verdict.state, version: 'release' in verdict ? verdict.release.version : null };
}

type ProvisionAnswer = Extract<ChannelOutput<'technician.provision'>, { provisioned: true } | { problems: unknown }>;

/** An organiser as the technician sees them; the classroom knows the roster (organiser-pin.ts). */
export type OrganiserAccount = { learnerId: string; name: string; unit: string; hubPinHash: string | null };

export type TechnicianParts = {
  /** The roster's organisers. */
  organisers: () => OrganiserAccount[];
  /** Ends the organiser's open sessions after their PIN was reset. */
  endOrganiserSessions: (learnerId: string) => void;
  /** The hub link's status, for the bundle. */
  sync: () => unknown;
  /** Device states and settings (without the PJLink password) for the diagnostic bundle. */
  devices: () => unknown;
  sessions: TechnicianSessions;
};

export type TechnicianSessions = UnlockSessions<{ kind: 'technician' }>;

/** The technician page's sessions; the device page's channels check them too (build-handlers.ts). */
export function createTechnicianSessions(idleMs = TECHNICIAN_IDLE_MS): TechnicianSessions {
  return createUnlockSessions({ idleMs, expired: 'technician_session_expired' });
}

export function createTechnicianHandlers(station: StationService, parts: TechnicianParts): TechnicianHandlers {
  const { accounts, context } = station;
  const { sessions } = parts;
  const guarded = <T>(token: string, action: () => T): T => {
    sessions.use(token);
    return action();
  };
  const organiser = (learnerId: string) => {
    const found = parts.organisers().find((candidate) => candidate.learnerId === learnerId);
    if (!found) throw new Refused('not_organiser', `${learnerId} is not an organiser of this site`);
    return found;
  };
  /**
   * Configured, or enrolled with a real hub: then the page is behind the technician PIN. A
   * station enrolled with its hub whose configuration file went missing is still provisioned.
   */
  const provisioned = () => {
    const ledger = context.databases.ledger.db;
    const enrollment = ledger ? readEnrollment(ledger) : null;
    return (
      readStationConfig(context.dataDir) !== null || (enrollment !== null && enrollment.siteCode !== DEMO_SITE_CODE)
    );
  };
  /** Provisions from the wizard or a file: the hub asked if reachable; the station then starts again. */
  const provision = async (read: () => ProvisionInput): Promise<ProvisionAnswer> => {
    try {
      const enrollment = context.databases.ledger.db ? readEnrollment(context.databases.ledger.db) : null;
      const result = await provisionStation({
        dataDir: context.dataDir,
        input: read(),
        hub: 'if_reachable',
        enrollment,
      });
      sessions.closeAll();
      return { provisioned: true, ...result, restarting: station.restart('provisioned') };
    } catch (error) {
      if (error instanceof ProvisionError) return { problems: error.problems };
      throw error;
    }
  };
  const rows = (): ChannelOutput<'technician.organisers'> => ({
    organisers: parts.organisers().map((row) => {
      const lockout = accounts.lockout(organiserAccount(row.learnerId));
      return {
        learnerId: row.learnerId,
        name: row.name,
        unit: row.unit,
        pin: accounts.localOrganiserPin(row.learnerId) ? 'station' : row.hubPinHash ? 'hub' : 'none',
        lockedForMs: Math.round(lockout.lockedForMs),
        failures: lockout.failures,
      };
    }),
  });

  return {
    'technician.status': () => {
      const boot = station.bootProvisioning;
      return {
        provisioned: provisioned(),
        technicianPinSet: accounts.hasTechnicianPin(),
        bootProvisioning: boot.state === 'refused' ? { file: boot.file, problems: boot.problems } : null,
        update: updateView(station.lastUpdateCheck()),
        cloned: station.cloned,
        enrollmentRefused: station.enrollmentRefused(),
      };
    },
    'technician.provision': ({ technicianSession, input }) =>
      guarded(technicianSession, () => provision(() => parseProvisionInput(input))),
    'technician.reenrolAsNew': ({ technicianSession, enrollmentToken }) =>
      guarded(technicianSession, async () => {
        if (!station.cloned) {
          const enrollment = context.databases.ledger.db ? readEnrollment(context.databases.ledger.db) : null;
          return {
            problems: [
              {
                code: 'already_enrolled' as const,
                params: { station: enrollment?.stationId ?? '', site: enrollment?.siteCode ?? '' },
              },
            ],
          };
        }
        try {
          const result = await reenrolAsNewStation({ dataDir: context.dataDir, enrollmentToken });
          sessions.closeAll();
          return { provisioned: true as const, ...result, restarting: station.restart('reenrol_as_new') };
        } catch (error) {
          if (error instanceof ProvisionError) return { problems: error.problems };
          throw error;
        }
      }),
    'technician.provisionFromUsb': ({ technicianSession }) =>
      guarded(technicianSession, () => {
        const file = findProvisionFile();
        return file ? provision(() => readProvisionFile(file)) : { noFile: true as const };
      }),
    'technician.unlock': ({ pin }) => {
      if (!accounts.hasTechnicianPin()) {
        // Unprovisioned: nothing to protect yet. Provisioned without a PIN: the command sets one.
        if (provisioned()) throw new Refused('technician_pin_not_set', 'The station has no technician PIN');
      } else {
        const { verdict } = accounts.checkTechnician(pin);
        if (verdict !== 'ok') throw new Refused(verdict, `The technician PIN was not accepted (${TECHNICIAN_ACCOUNT})`);
      }
      const session = sessions.open({ kind: 'technician' });
      return { technicianSession: session.token, idleTimeoutMs: sessions.idleMs };
    },
    'technician.lock': ({ technicianSession }) => {
      sessions.close(technicianSession);
      return { locked: true as const };
    },
    'technician.organisers': ({ technicianSession }) => guarded(technicianSession, rows),
    'technician.setOrganiserPin': ({ technicianSession, learnerId, pin }) =>
      guarded(technicianSession, () => {
        organiser(learnerId);
        accounts.setOrganiserPin(learnerId, pin);
        parts.endOrganiserSessions(learnerId);
        station.publishHealth();
        return { pinSet: true as const };
      }),
    'technician.clearLockout': ({ technicianSession, learnerId }) =>
      guarded(technicianSession, () => {
        organiser(learnerId);
        accounts.clearLockout(organiserAccount(learnerId));
        return { cleared: true as const };
      }),
    'technician.diagnostics': ({ technicianSession }) =>
      guarded(technicianSession, () =>
        writeDiagnosticBundle({
          dataDir: context.dataDir,
          version: context.version,
          health: () => stationHealth(context),
          sync: parts.sync,
          devices: parts.devices,
        }),
      ),
  };
}
