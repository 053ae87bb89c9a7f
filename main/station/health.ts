// station.health: a short verdict a technician can act on. "blocked" means learning records
// cannot be written; "degraded" means the station works but something needs attention.
// Every check is a stable reason code with parameters; the screen words it.
import type { ChannelOutput } from '../../preload/contract/channels.ts';
import { freeDiskBytes, LEDGER_DISK_RESERVE_BYTES, LEDGER_RESUME_BYTES } from '../storage/disk-space.ts';
import type { GuardianState } from './ledger-guardian.ts';
import { readEnrollment, type StoredEnrollment } from './identity.ts';
import { DEMO_SITE_CODE, readStationConfig, type StationConfigFile } from './station-config.ts';
import type { StationContext } from './station-context.ts';

type Health = ChannelOutput<'station.health'>;
type Check = Health['checks'][number];

const MB = 1024 * 1024;

export function diskCheck(freeBytes: number): Check {
  const freeMb = Math.floor(freeBytes / MB);
  return freeBytes < LEDGER_DISK_RESERVE_BYTES
    ? { id: 'disk', status: 'warn', reason: 'disk-low', params: { freeMb } }
    : { id: 'disk', status: 'ok', reason: 'disk-ok', params: { freeMb } };
}

export function stationHealth(context: StationContext, freeBytes = freeDiskBytes(context.dataDir)): Health {
  const { catalog, ledger } = context.databases;
  const state = context.ledgerState?.() ?? null;
  const checks: Check[] = [
    catalog.state.state === 'rebuilt'
      ? { id: 'catalog-db', status: 'warn', reason: 'catalog-rebuilt', params: {} }
      : { id: 'catalog-db', status: 'ok', reason: 'catalog-sound', params: {} },
    ledgerFileCheck(context, state),
    ...schemaCheck(state),
    ...chainCheck(context, state),
    ...checkpointCheck(state),
    ...writeCheck(state, freeBytes),
    diskCheck(freeBytes),
    enrollmentCheck(context),
  ];
  // A disk copied from another station's PC records nothing (machine-fingerprint.ts).
  // A chain that fails verification is refused like a quarantined file: anything appended
  // after a forged or damaged event would inherit the doubt. So is a ledger the disk failed
  // to write, until it has been checked again.
  const ledgerWritable =
    ledger.db !== null &&
    !context.cloned &&
    context.ledgerCheck?.ok !== false &&
    state?.schema?.state !== 'mismatch' &&
    (state?.write.open ?? true);
  const status = !ledgerWritable ? 'blocked' : checks.some((check) => check.status !== 'ok') ? 'degraded' : 'ok';
  return { status, ledgerWritable, checks, checkedAt: new Date().toISOString() };
}

function ledgerFileCheck(context: StationContext, state: GuardianState | null): Check {
  const { ledger } = context.databases;
  if (!ledger.db)
    return {
      id: 'ledger-db',
      status: 'fail',
      reason: 'ledger-quarantined',
      params: { movedTo: ledger.state.movedTo ?? 'quarantine/' },
    };
  if (state?.full.state === 'damaged')
    return {
      id: 'ledger-db',
      status: 'fail',
      reason: 'ledger-damaged',
      params: { problems: state.full.problems.join('; '), movedTo: state.full.movedTo },
    };
  return { id: 'ledger-db', status: 'ok', reason: 'ledger-sound', params: {} };
}

/** The ledger's schema against its migrations, as found at open. */
function schemaCheck(state: GuardianState | null): Check[] {
  const schema = state?.schema;
  if (!schema) return [];
  if (schema.state === 'sound')
    return [{ id: 'ledger-schema', status: 'ok', reason: 'ledger-schema-sound', params: {} }];
  return [
    schema.state === 'repaired'
      ? {
          id: 'ledger-schema',
          status: 'warn',
          reason: 'ledger-schema-repaired',
          params: { objects: schema.objects.join(', ') },
        }
      : {
          id: 'ledger-schema',
          status: 'fail',
          reason: 'ledger-schema-mismatch',
          params: { objects: schema.objects.join(', ') },
        },
  ];
}

/** The chain: the first bad sequence for the technician, or how far the checks went. */
function chainCheck(context: StationContext, state: GuardianState | null): Check[] {
  const start = context.ledgerCheck;
  if (!start) return [];
  const broken = !start.ok ? start : state?.full.state === 'broken' ? state.full.check : null;
  if (broken)
    return [
      {
        id: 'ledger-chain',
        status: 'fail',
        reason: 'ledger-chain-broken',
        params: { seq: broken.seq, problem: broken.problem },
      },
    ];
  if (!start.ok) return [];
  const full = state?.full;
  if (full?.state === 'running' && full.head > 0)
    return [
      {
        id: 'ledger-chain',
        status: 'ok',
        reason: 'ledger-chain-verifying',
        params: { checked: full.checked, events: full.head },
      },
    ];
  if (full && full.state !== 'sound' && start.checked !== undefined)
    return [
      {
        id: 'ledger-chain',
        status: 'ok',
        reason: 'ledger-chain-checkpoint',
        params: { events: start.events, checked: start.checked },
      },
    ];
  const events = full?.state === 'sound' ? full.events : start.events;
  return [{ id: 'ledger-chain', status: 'ok', reason: 'ledger-chain-sound', params: { events } }];
}

/** A checkpoint that should have been there and was not, or did not verify. */
function checkpointCheck(state: GuardianState | null): Check[] {
  if (state?.checkpoint === 'invalid')
    return [{ id: 'ledger-checkpoint', status: 'warn', reason: 'ledger-checkpoint-invalid', params: {} }];
  if (state?.checkpoint === 'missing')
    return [{ id: 'ledger-checkpoint', status: 'warn', reason: 'ledger-checkpoint-missing', params: {} }];
  return [];
}

/** Whether the disk takes the ledger's writes: stopped, being checked again, or failed earlier in this run. */
function writeCheck(state: GuardianState | null, freeBytes: number): Check[] {
  if (!state) return [];
  const failure = state.diskFailure;
  const write = state.write;
  if (!write.open && (write.cause === 'disk_io' || write.cause === 'disk_full')) {
    const at = new Date(write.since).toISOString();
    if (write.reverifying)
      return [{ id: 'ledger-write', status: 'fail', reason: 'ledger-write-reverifying', params: { at } }];
    return [
      write.cause === 'disk_full'
        ? {
            id: 'ledger-write',
            status: 'fail',
            reason: 'ledger-disk-full',
            params: { at, needMb: Math.ceil(LEDGER_RESUME_BYTES / MB), freeMb: Math.floor(freeBytes / MB) },
          }
        : { id: 'ledger-write', status: 'fail', reason: 'ledger-write-failed', params: { at } },
    ];
  }
  if (failure?.resumedAt)
    return [
      {
        id: 'ledger-write',
        status: 'warn',
        reason: 'ledger-write-resumed',
        params: { at: new Date(failure.at).toISOString(), resumedAt: new Date(failure.resumedAt).toISOString() },
      },
    ];
  return [{ id: 'ledger-write', status: 'ok', reason: 'ledger-write-ok', params: {} }];
}

/**
 * A provisioned station that has not enrolled yet is not "all well": it records nothing the
 * hub will accept until it reaches the hub with its token, and the technician must know.
 */
function enrollmentCheck(context: StationContext): Check {
  if (context.cloned) return { id: 'enrollment', status: 'fail', reason: 'enrollment-cloned', params: {} };
  const ledger = context.databases.ledger.db;
  let enrollment: StoredEnrollment | null = null;
  let config: StationConfigFile | null = null;
  try {
    enrollment = ledger ? readEnrollment(ledger) : null;
    config = readStationConfig(context.dataDir);
  } catch {
    // A broken configuration or record is reported where it is read (the hub link, the CLI).
  }
  // Enrolled: with a real site, or with the demo site its configuration names (a test hub's demo content).
  if (enrollment && (enrollment.siteCode !== DEMO_SITE_CODE || config?.siteCode === DEMO_SITE_CODE))
    return { id: 'enrollment', status: 'ok', reason: 'enrollment-ok', params: { siteCode: enrollment.siteCode } };
  if (config && context.enrollmentRefused)
    return {
      id: 'enrollment',
      status: 'fail',
      reason: 'enrollment-refused',
      params: { hubUrl: config.hubUrl, siteCode: config.siteCode },
    };
  if (config)
    return {
      id: 'enrollment',
      status: 'warn',
      reason: 'enrollment-pending',
      params: { hubUrl: config.hubUrl, siteCode: config.siteCode },
    };
  return enrollment
    ? { id: 'enrollment', status: 'ok', reason: 'enrollment-demo', params: {} }
    : { id: 'enrollment', status: 'ok', reason: 'enrollment-unprovisioned', params: {} };
}
