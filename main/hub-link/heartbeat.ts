// The heartbeat's body (protocol §9): what the hub's operators see of a station between
// pushes — its version, disk, devices, how much waits to be sent, and whether its ledger
// records. Built fresh for every heartbeat from the station's own state.
import fs from 'node:fs';
import type { HeartbeatDevice, HeartbeatRequest } from '../../protocol/wire.ts';

export type LedgerHealth = NonNullable<HeartbeatRequest['ledger']>;

export type HeartbeatSources = {
  appVersion: string;
  dataDir: string;
  /** The station's devices (projectors, card readers); none by default (main/devices wires its own). */
  devices: () => HeartbeatDevice[];
  pending: () => { events: number; media: number };
  ledger: () => LedgerHealth;
  now?: () => number;
  uptimeSec?: () => number;
};

function disk(dataDir: string): HeartbeatRequest['disk'] {
  try {
    const stats = fs.statfsSync(dataDir);
    return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch {
    return { freeBytes: 0, totalBytes: 0 };
  }
}

export function heartbeatBody(sources: HeartbeatSources): HeartbeatRequest {
  return {
    appVersion: sources.appVersion,
    clock: Math.round((sources.now ?? Date.now)()),
    uptimeSec: Math.round((sources.uptimeSec ?? process.uptime)()),
    disk: disk(sources.dataDir),
    // The protocol takes at most 50, each with a name of at most 100 characters.
    devices: sources
      .devices()
      .slice(0, 50)
      .map((device) => ({
        ...device,
        name: device.name.slice(0, 100),
        ...(device.detail === undefined ? {} : { detail: device.detail.slice(0, 500) }),
      })),
    pending: sources.pending(),
    ledger: sources.ledger(),
  };
}
