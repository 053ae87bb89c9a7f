// PJLink class 2 over UDP 4352: the search (`%2SRCH`, answered by `%2ACKN=<mac>` to UDP 4352
// of the controller) and the status notifications projectors send by themselves (`%2LKUP`,
// `%2POWR`, `%2ERST`, `%2INPT`). The search is sent only when a technician asks for it, to
// the targets the caller names: the station's own subnets' broadcast addresses
// (lanBroadcastTargets) on a real station, loopback in tests.
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { PJLINK_PORT, parseMac, parseReplyLine } from './pjlink-protocol.ts';

export type UdpTarget = { address: string; port: number };
export type DiscoveredProjector = { address: string; mac: string };

export type DiscoveryOptions = {
  targets: UdpTarget[];
  /** Where answers arrive: UDP 4352 of this station by default. */
  listen?: { address?: string; port?: number };
  /** How long to collect answers (the specification allows projectors up to 30 s; most answer at once). */
  waitMs?: number;
};

/** Sends `%2SRCH` to each target and collects who answers, one entry per address. */
export async function discoverPjlink(options: DiscoveryOptions): Promise<DiscoveredProjector[]> {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const found = new Map<string, DiscoveredProjector>();
  socket.on('message', (message, from) => {
    const reply = parseReplyLine(message.toString('latin1').replace(/\r\n?$/, ''));
    const mac = reply?.command === 'ACKN' ? parseMac(reply.value) : null;
    if (mac && !found.has(from.address)) found.set(from.address, { address: from.address, mac });
  });
  socket.on('error', () => undefined);
  try {
    const bind = (port: number) =>
      new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, options.listen?.address, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    // UDP 4352 taken (another PJLink tool): projectors that answer the sender's port still reach us.
    await bind(options.listen?.port ?? PJLINK_PORT).catch(() => bind(0));
    socket.setBroadcast(true);
    for (const target of options.targets) {
      await new Promise<void>((resolve) => socket.send('%2SRCH\r', target.port, target.address, () => resolve()));
    }
    await new Promise((resolve) => setTimeout(resolve, options.waitMs ?? 5000));
  } finally {
    socket.close();
  }
  return [...found.values()].sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
}

/** The broadcast address of each IPv4 subnet this station is on (never loopback), port 4352. */
export function lanBroadcastTargets(interfaces = os.networkInterfaces()): UdpTarget[] {
  const targets = new Set<string>();
  for (const addresses of Object.values(interfaces)) {
    for (const entry of addresses ?? []) {
      if (entry.family !== 'IPv4' || entry.internal) continue;
      const address = entry.address.split('.').map(Number);
      const mask = entry.netmask.split('.').map(Number);
      targets.add(address.map((part, i) => (part | (~mask[i]! & 255)) & 255).join('.'));
    }
  }
  return [...targets].map((address) => ({ address, port: PJLINK_PORT }));
}

export type Notification = { address: string; command: string; value: string };

/** Hears the status notifications projectors send to UDP 4352 of the station. */
export class PjlinkNotifications extends EventEmitter<{ notification: [Notification]; error: [Error] }> {
  #socket: dgram.Socket | null = null;

  async start(listen: { address?: string; port?: number } = {}): Promise<number> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    socket.on('message', (message, from) => {
      const reply = parseReplyLine(message.toString('latin1').replace(/\r\n?$/, ''));
      if (reply?.pjlinkClass === 2 && ['LKUP', 'POWR', 'ERST', 'INPT'].includes(reply.command))
        this.emit('notification', { address: from.address, command: reply.command, value: reply.value });
    });
    socket.on('error', (error) => this.emit('error', error));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(listen.port ?? PJLINK_PORT, listen.address, () => resolve());
    });
    this.#socket = socket;
    return socket.address().port;
  }

  stop(): void {
    this.#socket?.close();
    this.#socket = null;
  }
}
