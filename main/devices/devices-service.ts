// The classroom's devices as one lifecycle object: the configured projector (or, on the demo
// station, a simulated one) with its live status, its automation from the class schedule,
// the configured card readers (handed to the classroom, which takes every read), the last
// read and last error of each reader, and the device configuration the technician saves.
// Every change is published as `devices.changed`; the heartbeat reads heartbeatDevices().
import { KeyboardWedgeReader } from '../../native/readers/keyboard-wedge.ts';
import { SimulatedReader } from '../../native/readers/simulated-reader.ts';
import type { CardRead, CardReader } from '../../native/readers/card-reader.ts';
import { DeviceError } from '../../native/device-error.ts';
import { PjlinkProjector } from '../../native/projectors/pjlink.ts';
import { discoverPjlink, lanBroadcastTargets, type UdpTarget } from '../../native/projectors/pjlink-udp.ts';
import type {
  DeviceConfig,
  DeviceConfigSave,
  DeviceConfigView,
  DevicesView,
  ProjectorAction,
  ProjectorOutcome,
  ReaderView,
} from '../../preload/contract/channels/devices.ts';
import type { CardReaders } from '../classroom/card-readers.ts';
import { maskCardNumber } from '../classroom/privacy.ts';
import type { EventBus } from '../runtime/event-bus.ts';
import type { Logger } from '../runtime/logger.ts';
import { DEFAULT_CONFIG, configView, loadDeviceConfig, saveDeviceConfig } from './device-config.ts';
import { heartbeatDevices, type HeartbeatDevice } from './heartbeat-devices.ts';
import {
  createAutomationMemory,
  nextAutomation,
  planProjector,
  type ClassDay,
  type ClassSlot,
} from './projector-automation.ts';
import { ProjectorControl } from './projector-control.ts';
import { createReader, type ReaderBackends } from './reader-factory.ts';

export const POLL_MS = 30_000;
/** While the projector warms up or cools down, it is asked more often. */
export const CHANGING_POLL_MS = 3_000;

export type DevicesServiceOptions = {
  dataDir: string;
  bus: EventBus;
  log: Logger;
  /** The classroom's readers: configured readers are added here, and every read is heard. */
  readers: CardReaders;
  classDay: () => ClassDay | null;
  now?: () => number;
  /** How often the projector is asked and the automation steps; null: the caller drives tick(). */
  pollMs?: number | null;
  /** Where the PJLink search goes; the station's own subnets by default. */
  discovery?: { targets?: () => UdpTarget[]; listen?: { address?: string; port?: number }; waitMs?: number };
  backends?: ReaderBackends;
};

export type DiscoveredView = {
  address: string;
  mac: string;
  name: string | null;
  model: string | null;
  needsPassword: boolean;
};

export interface DevicesService {
  /** Loads the saved configuration and starts the devices it names. */
  start(): Promise<void>;
  /** Demo station: a simulated projector when none is configured. */
  useDemo(): Promise<void>;
  view(): DevicesView;
  /** Every reader the classroom takes cards from, with its connection, last card and last error. */
  listReaders(): ReaderView[];
  /** The last card any reader read, masked, and which reader sent it; null before the first. */
  lastRead(): DevicesView['lastRead'];
  config(): DeviceConfigView;
  /** Saves the configuration (a PJLink password left out keeps the saved one) and restarts the devices. */
  saveConfig(config: DeviceConfigSave): Promise<DeviceConfigView>;
  /** A projector command from the technician, the organiser or a provisioning test ('status' tests the link). */
  projectorCommand(action: ProjectorAction, input?: string): Promise<ProjectorOutcome>;
  /** Sends the PJLink search and asks each projector that answers its name (only when a technician asks). */
  discover(): Promise<DiscoveredView[]>;
  /** Asks the projector its status and takes the automation's next step. */
  tick(): Promise<void>;
  heartbeatDevices(): HeartbeatDevice[];
  close(): Promise<void>;
}

type ReaderState = {
  id: string;
  kind: ReaderView['kind'];
  lastReadAt: number | null;
  lastError: ReaderView['lastError'];
  detach: () => void;
};

function maskHolder(name: string): string {
  const chars = [...name];
  return chars.length === 0 ? '' : chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export function createDevicesService(options: DevicesServiceOptions): DevicesService {
  const { log, bus, readers: classroomReaders } = options;
  const now = options.now ?? Date.now;
  let config: DeviceConfig = DEFAULT_CONFIG;
  let movedTo: string | null = null;
  let projector: ProjectorControl | null = null;
  let demo = false;
  const hardware = new Map<CardReader, ReaderState>();
  const watched = new Map<CardReader, ReaderState>();
  let lastRead: DevicesView['lastRead'] = null;
  const memory = createAutomationMemory();
  let lastAutomation: DevicesView['automation']['last'] = null;
  let previousOpen: { id: string; title: string; since: number } | null = null;
  let published = '';
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let ticking: Promise<void> | null = null;

  const settings = () => ({
    enabled: config.automation.enabled,
    leadMs: config.automation.leadMinutes * 60_000,
    offDelayMs: config.automation.offDelayMinutes * 60_000,
    input: config.automation.input,
  });

  const readerViews = (): ReaderView[] =>
    classroomReaders.list().map((reader) => {
      const state = watch(reader);
      return {
        id: state.id,
        name: reader.name,
        kind: state.kind,
        connected: reader.connected,
        lastReadAt: state.lastReadAt,
        lastError: state.lastError,
      };
    });

  const view = (): DevicesView => {
    const day = options.classDay();
    return {
      projector: projector?.view() ?? null,
      readers: readerViews(),
      lastRead,
      automation: {
        enabled: config.automation.enabled && projector !== null,
        next: projector && day ? nextAutomation(now(), day, settings(), memory) : null,
        last: lastAutomation,
      },
      configProblem: movedTo ? { movedTo } : null,
    };
  };

  const publish = () => {
    if (closed) return;
    const current = view();
    const text = JSON.stringify(current);
    if (text === published) return;
    published = text;
    bus.publish('devices.changed', current);
  };

  /** The reader's state on the page: every reader the classroom takes cards from is watched. */
  function watch(reader: CardReader): ReaderState {
    const known = hardware.get(reader) ?? watched.get(reader);
    if (known) return known;
    const kind: ReaderView['kind'] =
      reader instanceof KeyboardWedgeReader ? 'wedge' : reader instanceof SimulatedReader ? 'simulated' : 'hid';
    const state = track(reader, { id: kind === 'wedge' ? 'wedge' : kind === 'simulated' ? 'demo' : reader.name, kind });
    watched.set(reader, state);
    return state;
  }

  function track(reader: CardReader, identity: { id: string; kind: ReaderView['kind'] }): ReaderState {
    const state: ReaderState = { ...identity, lastReadAt: null, lastError: null, detach: () => undefined };
    const onError = (error: Error) => {
      const code = error instanceof DeviceError ? error.code : 'device_failure';
      state.lastError = { code, message: error.message, at: now() };
      publish();
    };
    const onChange = () => publish();
    reader.on('error', onError);
    reader.on('connected', onChange);
    reader.on('disconnected', onChange);
    state.detach = () => {
      reader.off('error', onError);
      reader.off('connected', onChange);
      reader.off('disconnected', onChange);
    };
    return state;
  }

  const stopRead = classroomReaders.onRead((read: CardRead) => {
    const reader = classroomReaders.list().find((candidate) => candidate.name === read.reader);
    const state = reader ? watch(reader) : null;
    if (state) state.lastReadAt = now();
    lastRead = {
      reader: read.reader,
      readerKind: state?.kind ?? 'hid',
      kind: read.kind,
      masked: maskCardNumber(read.value),
      holder: read.holder ? maskHolder(read.holder) : null,
      at: now(),
    };
    publish();
  });

  const stopListening = bus.subscribe((event) => {
    // An organiser opened or closed a class: the projector follows at once, not at the next poll.
    if (event === 'classroom.statusChanged') void service.tick();
  });

  async function apply(next: DeviceConfig): Promise<void> {
    // An automation step under way finishes with the projector it began with.
    await ticking;
    config = next;
    await projector?.close();
    projector = null;
    const projectorConfig = next.projector ?? (demo ? { kind: 'simulated' as const, name: '演示投影机' } : null);
    if (projectorConfig) projector = new ProjectorControl(projectorConfig, { now, changed: publish });
    for (const [reader, state] of hardware) {
      state.detach();
      await classroomReaders.remove(reader);
    }
    hardware.clear();
    for (const readerConfig of next.readers) {
      const reader = createReader(readerConfig, options.backends);
      hardware.set(reader, track(reader, { id: readerConfig.id, kind: readerConfig.kind }));
      await classroomReaders.add(reader);
    }
    log.info('devices.configured', {
      projector: projectorConfig?.kind ?? null,
      readers: next.readers.map((reader) => reader.kind),
    });
    schedule(0);
  }

  function schedule(ms: number): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (closed || options.pollMs === null) return;
    timer = setTimeout(() => void service.tick().finally(() => schedule(pollDelay())), ms);
    timer.unref();
  }

  /** Soon while the projector changes state (the page shows it warm up), else the normal pace. */
  function pollDelay(): number {
    const power = projector?.status?.power;
    return power === 'warming' || power === 'cooling' ? CHANGING_POLL_MS : (options.pollMs ?? POLL_MS);
  }

  /** Notes an organiser's class that closed, so the automation switches off after it. */
  function followOpenClass(day: ClassDay): void {
    if (previousOpen && previousOpen.id !== day.openClass?.id) {
      const closedClass: ClassSlot = {
        id: previousOpen.id,
        title: previousOpen.title,
        startsAt: previousOpen.since,
        endsAt: now(),
      };
      memory.closed.push(closedClass);
    }
    previousOpen =
      day.openClass && day.openClass.id === previousOpen?.id
        ? previousOpen
        : day.openClass
          ? { ...day.openClass, since: now() }
          : null;
  }

  async function step(): Promise<void> {
    if (!projector) return;
    await projector.refresh();
    const day = options.classDay();
    if (!day) return publish();
    followOpenClass(day);
    const status = projector.status;
    if (!status) return publish();
    const plan = planProjector(now(), day, status, settings(), memory);
    if (!plan || plan.action === 'wait') return publish();
    const command = plan.action === 'power_on' ? 'on' : plan.action === 'power_off' ? 'off' : 'input';
    const result = await projector.run(command, config.automation.input ?? undefined);
    if (result.outcome === 'ok') {
      const done = { power_on: memory.poweredOn, select_input: memory.inputSet, power_off: memory.poweredOff }[
        plan.action
      ];
      done.add(plan.slot.id);
    }
    lastAutomation = { action: plan.action, at: now(), outcome: result.outcome };
    log.info('devices.automation', { action: plan.action, class: plan.slot.title, outcome: result.outcome });
    publish();
  }

  const service: DevicesService = {
    async start() {
      // The devices never keep the station from starting: a configuration it cannot even
      // open (permissions) leaves it without devices, and the log says why.
      try {
        const loaded = loadDeviceConfig(options.dataDir, now());
        movedTo = loaded.movedTo;
        if (movedTo) log.error('devices.config_unreadable', { movedTo });
        await apply(loaded.config);
      } catch (error) {
        log.error('devices.start_failed', { error: String(error) });
      }
    },
    async useDemo() {
      demo = true;
      if (!config.projector) await apply(config);
    },
    view,
    listReaders: readerViews,
    lastRead: () => lastRead,
    config: () => configView(config),
    async saveConfig(input) {
      const { projector: wanted, ...rest } = input;
      // A PJLink password the screen left out is the one saved (screens never see it).
      const saved = config.projector?.kind === 'pjlink' ? config.projector.password : null;
      const next: DeviceConfig = {
        ...rest,
        projector:
          wanted?.kind === 'pjlink'
            ? { ...wanted, password: wanted.password === undefined ? saved : wanted.password }
            : wanted,
      };
      await saveDeviceConfig(options.dataDir, next);
      movedTo = null;
      await apply(next);
      publish();
      return configView(config);
    },
    async projectorCommand(action, input) {
      if (!projector) return { outcome: 'not_configured', message: null, projector: null };
      const result = await projector.run(action, input);
      publish();
      schedule(pollDelay());
      return { ...result, projector: projector.view() };
    },
    async discover() {
      const found = await discoverPjlink({
        targets: options.discovery?.targets?.() ?? lanBroadcastTargets(),
        listen: options.discovery?.listen,
        waitMs: options.discovery?.waitMs,
      });
      log.info('devices.discovered', { count: found.length });
      return Promise.all(
        found.map(async ({ address, mac }) => {
          const probe = new PjlinkProjector({ name: address, host: address, replyTimeoutMs: 1500 });
          try {
            const identity = await probe.identify();
            return { address, mac, name: identity.name, model: identity.model, needsPassword: false };
          } catch (error) {
            const needsPassword = error instanceof DeviceError && error.code === 'auth_required';
            return { address, mac, name: null, model: null, needsPassword };
          } finally {
            await probe.close();
          }
        }),
      );
    },
    tick() {
      // One step at a time: a slow projector's step is not overtaken by the next tick.
      ticking ??= step()
        .catch((error: unknown) => log.error('devices.tick_failed', { error: String(error) }))
        .finally(() => (ticking = null));
      return ticking;
    },
    heartbeatDevices: () => heartbeatDevices(view()),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      stopRead();
      stopListening();
      await ticking;
      for (const [reader, state] of hardware) {
        state.detach();
        await classroomReaders.remove(reader);
      }
      for (const state of watched.values()) state.detach();
      await projector?.close();
    },
  };
  return service;
}
