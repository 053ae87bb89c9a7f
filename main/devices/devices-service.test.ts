import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { startPjlinkEmulator } from '../../native/projectors/test-support/pjlink-emulator.ts';
import type { HidBackend, HidDevice } from '../../native/readers/hid-reader.ts';
import { startFakeIdCardReader } from '../../native/readers/test-support/fake-id-card-reader.ts';
import { startPtyPair } from '../../native/serial/test-support/pty-pair.ts';
import { createEventBus } from '../runtime/event-bus.ts';
import { silentLogger } from '../runtime/logger.ts';
import { createRouter, type Handlers } from '../runtime/router.ts';
import { createClassroomService } from '../classroom/classroom-service.ts';
import { createOrganiserHandlers } from '../classroom/organiser-channels.ts';
import { closeClass, createClass, openScheduledClass, scheduleOfDay } from '../classroom/sessions.ts';
import { addOrganiser, CARDS, MORNING, ORGANISER_PIN, openTestClassroom } from '../classroom/test-classroom.ts';
import { createReaderHandlers } from '../classroom/reader-channels.ts';
import { openAccounts } from '../station/accounts.ts';
import { createTechnicianSessions } from '../station/technician-channels.ts';
import { classDayOf } from './class-day.ts';
import { DEVICES_FILE } from './device-config.ts';
import { createDevicesHandlers } from './devices-channels.ts';
import { createDevicesService } from './devices-service.ts';
import { until } from '../../native/test-support/device-test.ts';

const MIN = 60_000;

/** A real classroom (ledger, catalogue, schedule) with the devices service over it; ticks by hand. */
function station(t: TestContext, options: { dir?: string; hid?: HidBackend } = {}) {
  const opened = openTestClassroom(t);
  addOrganiser(opened);
  const accounts = openAccounts(opened.dir, opened.clock.wallTime);
  const dataDir = options.dir ?? opened.dir;
  const bus = createEventBus();
  const events: unknown[] = [];
  bus.subscribe((event, payload) => event === 'devices.changed' && events.push(payload));
  const classroom = createClassroomService({
    accounts,
    bus,
    catalog: opened.classroom.catalog,
    ledgerDb: opened.classroom.db,
    ledgerVerified: true,
    dataDir: opened.dir,
    hubOffsetMs: () => 0,
    log: silentLogger,
    open: () => opened.classroom,
    timers: null,
    now: opened.clock.wallTime,
    monoNow: opened.clock.monoMs,
  });
  const devices = createDevicesService({
    dataDir,
    bus,
    log: silentLogger,
    readers: classroom.readers,
    classDay: classDayOf(classroom.host),
    now: opened.clock.wallTime,
    pollMs: null,
    backends: { hid: options.hid },
    discovery: { listen: { address: '127.0.0.1', port: 0 }, waitMs: 300 },
  });
  t.after(async () => {
    await devices.close();
    await classroom.close();
  });
  // The technician has unlocked the technician page (technician-channels.test.ts covers the PIN).
  const technicianSessions = createTechnicianSessions();
  const technicianSession = technicianSessions.open({ kind: 'technician' }).token;
  const handlers = {
    ...createOrganiserHandlers(classroom.host, { sessions: classroom.organiserSessions, accounts }),
    ...createReaderHandlers(classroom),
    ...createDevicesHandlers(devices, classroom.organiserSessions, technicianSessions),
  } as Handlers;
  const router = createRouter(handlers, silentLogger);
  const schedule = (id: string, title: string, startsAt: number, endsAt: number) =>
    opened.classroom.catalog
      .prepare(
        'INSERT INTO schedule (id, title, date, starts_at, ends_at, organiser, lesson_ids) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, title, '2026-11-27', new Date(startsAt).toISOString(), new Date(endsAt).toISOString(), '王老师', '[]');
  return { ...opened, dataDir, bus, events, service: classroom, devices, router, schedule, technicianSession };
}

test('the device configuration survives a restart; the PJLink password is kept but never shown', async (t) => {
  const emulator = await startPjlinkEmulator({ password: 'JBMIAProjectorLink' });
  t.after(emulator.close);
  const first = station(t);
  await first.devices.start();
  const saved = await first.devices.saveConfig({
    projector: {
      kind: 'pjlink',
      name: '教室投影机',
      host: '127.0.0.1',
      port: emulator.port,
      password: 'JBMIAProjectorLink',
    },
    readers: [],
    automation: { enabled: true, leadMinutes: 15, offDelayMinutes: 5, input: 'hdmi2' },
  });
  assert.deepEqual(saved.projector, {
    kind: 'pjlink',
    name: '教室投影机',
    host: '127.0.0.1',
    port: emulator.port,
    passwordSet: true,
  });
  const file = path.join(first.dataDir, DEVICES_FILE);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'only the station user reads the password');

  const again = station(t, { dir: first.dataDir });
  await again.devices.start();
  assert.equal(again.devices.config().automation.leadMinutes, 15);
  assert.equal((await again.devices.projectorCommand('status')).outcome, 'ok', 'the saved password authenticates');
  // Saving without a password keeps the saved one.
  await again.devices.saveConfig({
    ...again.devices.config(),
    projector: { kind: 'pjlink', name: '教室投影机', host: '127.0.0.1', port: emulator.port },
  });
  assert.equal((await again.devices.projectorCommand('on')).outcome, 'ok');
  assert.ok(!JSON.stringify(again.devices.view()).includes('JBMIA'), 'no password in what screens see');
});

test('a devices.json that cannot be read is moved aside intact and the page says where', async (t) => {
  const room = station(t);
  fs.writeFileSync(path.join(room.dataDir, DEVICES_FILE), '{"projector": {"kind": "laser-cannon"}}');
  await room.devices.start();
  const problem = room.devices.view().configProblem;
  assert.ok(problem && fs.readFileSync(problem.movedTo, 'utf8').includes('laser-cannon'));
  assert.equal(room.devices.view().projector, null);
});

test('the projector follows the schedule: on before the class on its input, never off while open, off after', async (t) => {
  const emulator = await startPjlinkEmulator({ warmupMs: 50, cooldownMs: 50 });
  t.after(emulator.close);
  const room = station(t);
  await room.devices.start();
  await room.devices.saveConfig({
    projector: { kind: 'pjlink', name: '教室投影机', host: '127.0.0.1', port: emulator.port, password: null },
    readers: [],
    automation: { enabled: true, leadMinutes: 10, offDelayMinutes: 5, input: 'hdmi1' },
  });
  const start = MORNING + 30 * MIN; // 09:30
  room.schedule('c1', '党的二十大精神专题', start, start + 60 * MIN);

  room.clock.advance(19 * MIN); // 09:19
  await room.devices.tick();
  assert.equal(emulator.state.power, '0', 'not yet');
  assert.deepEqual(room.devices.view().automation.next, {
    action: 'power_on',
    at: start - 10 * MIN,
    title: '党的二十大精神专题',
  });

  room.clock.advance(1 * MIN); // 09:20, the lead time
  await room.devices.tick();
  assert.equal(emulator.state.power, '3', 'warming up');
  await room.devices.tick();
  assert.ok(!emulator.received.some((line) => line.startsWith('%1INPT 3')), 'no input while warming up');
  await new Promise((resolve) => setTimeout(resolve, 80));
  emulator.state.input = '11';
  await room.devices.tick();
  assert.equal(emulator.state.input, '31', 'on the class input (hdmi1) once warm');
  assert.deepEqual(room.devices.view().automation.last?.action, 'select_input');

  const [entry] = scheduleOfDay(room.classroom, '2026-11-27');
  const session = openScheduledClass(room.classroom, entry!);
  room.clock.advance(90 * MIN); // 10:50: the class runs over its end
  await room.devices.tick();
  assert.equal(emulator.state.power, '1', 'never off while the class is open');

  closeClass(room.classroom, session.sessionId);
  await room.devices.tick();
  room.clock.advance(4 * MIN);
  await room.devices.tick();
  assert.equal(emulator.state.power, '1', 'the off delay counts from the close');
  room.clock.advance(1 * MIN);
  await room.devices.tick();
  assert.equal(emulator.state.power, '2', 'cooling down after the class');
  await new Promise((resolve) => setTimeout(resolve, 80));
  await room.devices.tick();
  assert.equal(emulator.state.power, '0');
  assert.ok(room.devices.heartbeatDevices()[0]!.detail!.includes('lamp 1234 h'));
});

test('the organiser switches the projector from the class screen with a live session only', async (t) => {
  const room = station(t);
  await room.devices.start();
  await room.devices.useDemo();
  // The roster's organiser taps their card, then gives their PIN.
  const tapped = await room.router.dispatch('reader.tap', { cardNumber: CARDS.organiser });
  assert.ok(tapped.ok);
  const { tapId } = tapped.value as { tapId: string };
  const unlocked = await room.router.dispatch('organiser.unlock', { tapId, pin: ORGANISER_PIN });
  assert.ok(unlocked.ok);
  const organiserSession = (unlocked.value as { organiserSession: string }).organiserSession;
  const refused = await room.router.dispatch('organiser.projectorControl', {
    organiserSession: 'x'.repeat(43),
    action: 'on',
  });
  assert.deepEqual(refused, { ok: true, value: { refused: 'organiser_session_expired' } });
  const on = await room.router.dispatch('organiser.projectorControl', { organiserSession, action: 'on' });
  assert.ok(on.ok && (on.value as { outcome: string }).outcome === 'ok');
  assert.equal(room.devices.view().projector?.power, 'warming', 'the demo projector warms up');
  const input = await room.router.dispatch('organiser.projectorControl', {
    organiserSession,
    action: 'input',
    input: 'hdmi2',
  });
  assert.deepEqual(input.ok && (input.value as { outcome: string }).outcome, 'busy', 'warming up: busy, said so');
  const noInput = await room.router.dispatch('organiser.projectorControl', { organiserSession, action: 'input' });
  assert.equal(!noInput.ok && noInput.error.code, 'VALIDATION');
});

test('hardware readers from the configuration: reads shown masked with their reader, errors and unplugging on the page', async (t) => {
  const device = Object.assign(new EventEmitter(), { close: async () => undefined }) as HidDevice & EventEmitter;
  let plugged = true;
  const hid: HidBackend = {
    devices: async () => (plugged ? [{ vendorId: 0xffff, productId: 0x0035, path: '/dev/hidraw3' }] : []),
    open: async () => device,
  };
  const room = station(t, { hid });
  await room.devices.start();
  await room.devices.saveConfig({
    projector: null,
    readers: [
      {
        kind: 'hid',
        id: 'door',
        name: '门口读卡器',
        vendorId: 0xffff,
        productId: 0x0035,
        format: 'ascii',
        offset: 0,
        uidLength: 4,
        uidFormat: 'hex',
      },
    ],
    automation: { enabled: true, leadMinutes: 10, offDelayMinutes: 5, input: 'hdmi1' },
  });
  await until(() => room.devices.view().readers.some((reader) => reader.id === 'door' && reader.connected));
  device.emit('data', Buffer.from('0012345678\r'));
  const view = room.devices.view();
  assert.deepEqual(view.lastRead, {
    reader: '门口读卡器',
    readerKind: 'hid',
    kind: 'card',
    masked: '******5678',
    holder: null,
    at: room.clock.wallTime(),
  });
  assert.ok(!JSON.stringify(room.events).includes('0012345678'), 'the clear number never leaves main');
  assert.deepEqual(
    view.readers.map((reader) => [reader.id, reader.kind]),
    [
      ['wedge', 'wedge'],
      ['door', 'hid'],
    ],
  );
  device.emit('data', Buffer.from('12-34\r'));
  assert.equal(room.devices.view().readers[1]!.lastError?.code, 'bad_reply');
  plugged = false;
  device.emit('error', new Error('could not read from HID device'));
  await until(() => !room.devices.view().readers[1]!.connected);
  const beat = room.devices.heartbeatDevices();
  assert.deepEqual(
    beat.map((entry) => [entry.kind, entry.status]),
    [
      ['card_reader', 'ok'],
      ['card_reader', 'missing'],
    ],
  );
});

test('the PJLink search runs only when asked, to the targets given (loopback here), and names what it finds', async (t) => {
  const emulator = await startPjlinkEmulator({ pjlinkClass: 2, name: 'ROOM-301' });
  t.after(emulator.close);
  const opened = station(t);
  const devices = createDevicesService({
    dataDir: opened.dataDir,
    bus: opened.bus,
    log: silentLogger,
    readers: opened.service.readers,
    classDay: () => null,
    pollMs: null,
    discovery: {
      targets: () => [{ address: '127.0.0.1', port: emulator.udpPort }],
      listen: { address: '127.0.0.1', port: 0 },
      waitMs: 300,
    },
  });
  t.after(() => devices.close());
  const found = await devices.discover();
  assert.equal(found.length, 1);
  assert.equal(found[0]!.mac, '00:11:22:aa:bb:cc');
  // The emulator's TCP side is on another port than 4352, so the name probe cannot reach it here.
  assert.deepEqual(
    { ...found[0], name: undefined, model: undefined },
    {
      address: '127.0.0.1',
      mac: '00:11:22:aa:bb:cc',
      name: undefined,
      model: undefined,
      needsPassword: false,
    },
  );
});

test('a bad configuration from a screen is refused with what is wrong, and the saved one stays', async (t) => {
  const room = station(t);
  await room.devices.start();
  await room.devices.saveConfig({
    projector: { kind: 'simulated', name: '演示' },
    readers: [],
    automation: { enabled: true, leadMinutes: 10, offDelayMinutes: 5, input: 'hdmi1' },
  });
  const pcsc = { kind: 'pcsc', id: 'desk', name: '读卡器', readerName: '', uidFormat: 'hex' };
  const attempts = [
    { readers: [pcsc, { ...pcsc, name: '另一个' }] },
    { projector: { kind: 'pjlink', name: '投影机', host: 'bad host!' } },
    { projector: { kind: 'serial', name: '投影机', commandSet: 'sony', path: '/dev/ttyUSB0' } },
    { automation: { leadMinutes: 600 } },
    { projector: { kind: 'pjlink', name: '投影机', host: '10.0.0.5', password: 'x'.repeat(40) } },
  ];
  for (const config of attempts) {
    const answer = await room.router.dispatch('devices.saveConfig', {
      technicianSession: room.technicianSession,
      config,
    });
    assert.ok(
      !answer.ok && answer.error.code === 'VALIDATION' && answer.error.issues!.length > 0,
      JSON.stringify(config),
    );
  }
  assert.equal(room.devices.config().projector?.kind, 'simulated');
  // Without the technician's session (a learner at the kiosk, a locked page) nothing is read or changed.
  const saving = { projector: { kind: 'none' }, readers: [] };
  for (const [channel, input] of [
    ['devices.saveConfig', { config: saving }],
    ['devices.saveConfig', { technicianSession: 'x'.repeat(43), config: saving }],
    ['devices.config', { technicianSession: 'x'.repeat(43) }],
    ['devices.testProjector', { technicianSession: 'x'.repeat(43), action: 'off' }],
    ['devices.discover', { technicianSession: 'x'.repeat(43) }],
  ] as const) {
    const answer = await room.router.dispatch(channel, input);
    assert.ok(
      !answer.ok || (answer.value as { refused?: string }).refused === 'technician_session_expired',
      `${channel}: ${JSON.stringify(answer)}`,
    );
  }
  assert.equal(JSON.parse(fs.readFileSync(path.join(room.dataDir, DEVICES_FILE), 'utf8')).projector.kind, 'simulated');
});

test('a resident ID card read on a configured serial reader is a tap: recorded hashed, never in clear', async (t) => {
  const pty = await startPtyPair();
  const fake = await startFakeIdCardReader(pty.device);
  t.after(async () => {
    await fake.close();
    await pty.close();
  });
  const room = station(t);
  await room.devices.start();
  await room.devices.saveConfig({
    projector: null,
    readers: [{ kind: 'id_card', id: 'id-desk', name: '身份证阅读器', path: pty.station, baudRate: 115200 }],
    automation: { enabled: false, leadMinutes: 10, offDelayMinutes: 5, input: null },
  });
  createClass(room.classroom, { title: '专题班', lessonIds: [], endsAt: null });
  await until(() => room.devices.listReaders().some((reader) => reader.id === 'id-desk' && reader.connected));
  fake.card = { name: '张三', idNumber: '11010519491231002X' };
  await until(() => room.devices.lastRead() !== null);
  assert.deepEqual(
    { ...room.devices.lastRead(), at: 0 },
    { reader: '身份证阅读器', readerKind: 'id_card', kind: 'id_card', masked: '******002X', holder: '张*', at: 0 },
  );
  const events = room.classroom.db.prepare('SELECT type, payload FROM events').all() as {
    type: string;
    payload: string;
  }[];
  const tap = events.find((event) => event.payload.includes('cardHash'));
  assert.ok(tap, `a tap was recorded: ${events.map((event) => event.type).join()}`);
  assert.ok(!JSON.stringify(events).includes('11010519491231002X') && !JSON.stringify(events).includes('张三'));
});
