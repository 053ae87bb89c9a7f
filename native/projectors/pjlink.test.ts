import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { after, test } from 'node:test';
import { DEVICE_ERROR_CODES } from '../../common/devices.ts';
import { DeviceError } from '../device-error.ts';
import { PjlinkProjector } from './pjlink.ts';
import { pjlinkDigest } from './pjlink-protocol.ts';
import { PjlinkNotifications, discoverPjlink, lanBroadcastTargets } from './pjlink-udp.ts';
import { startPjlinkEmulator, type EmulatorOptions } from './test-support/pjlink-emulator.ts';
import { failure } from '../test-support/device-test.ts';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function projectorWith(
  options: EmulatorOptions,
  client: { password?: string | null; replyTimeoutMs?: number } = {},
) {
  const emulator = await startPjlinkEmulator(options);
  const projector = new PjlinkProjector({ name: 'front', host: '127.0.0.1', port: emulator.port, ...client });
  cleanups.push(async () => {
    await projector.close();
    await emulator.close();
  });
  return { emulator, projector };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("the authentication digest is the specification's example", () => {
  assert.equal(pjlinkDigest('498e4a67', 'JBMIAProjectorLink'), '5d8409bc1c3fa39749434aa3a5c38682');
});

test('power on warms up (ERR3 meanwhile), then the input is selected and the status read', async () => {
  const { projector, emulator } = await projectorWith({ warmupMs: 150, pjlinkClass: 2 });
  assert.equal((await projector.status()).power, 'off');
  await projector.setPower(true);
  assert.equal((await projector.status()).power, 'warming');
  assert.equal((await failure(projector.selectInput('hdmi2'))).code, 'busy', 'ERR3 while warming up');
  await sleep(200);
  await projector.selectInput('hdmi2');
  await projector.setMuted(true);
  const status = await projector.status();
  assert.deepEqual(status, {
    power: 'on',
    input: 'hdmi2',
    muted: true,
    lampHours: [1234],
    filterHours: 567,
    health: { fan: 'ok', lamp: 'ok', temperature: 'ok', cover: 'ok', filter: 'ok', other: 'ok' },
  });
  assert.deepEqual(await projector.identify(), {
    name: 'EMULATOR',
    manufacturer: 'LECTERN',
    model: 'EMU-4352',
    pjlinkClass: 2,
    inputs: ['computer1', 'computer2', 'hdmi1', 'hdmi2', 'network1'],
    inputNames: {
      computer1: 'INPUT 11',
      computer2: 'INPUT 12',
      hdmi1: 'INPUT 31',
      hdmi2: 'INPUT 32',
      network1: 'INPUT 51',
    },
    serialNumber: 'SN4352-0001',
    softwareVersion: '1.02',
    lampModel: 'ELPLP96',
    filterModel: 'ELPAF60',
  });
  assert.ok(emulator.received.includes('%1POWR 1') && emulator.received.includes('%1INPT 32'));
});

test('power off cools down: a power on meanwhile is refused as busy, standby queries say nothing', async () => {
  const { projector, emulator } = await projectorWith({ cooldownMs: 150 });
  emulator.state.power = '1';
  await projector.setPower(false);
  assert.equal((await failure(projector.setPower(true))).code, 'busy');
  await sleep(200);
  const status = await projector.status();
  assert.equal(status.power, 'off');
  assert.equal(status.input, null, 'INPT answers ERR3 in standby');
  assert.equal(status.filterHours, null, 'class 1 has no FILT');
  await projector.setPower(true);
});

test('MD5 authentication: the right password works, a wrong one or none is a clear error', async () => {
  const { projector, emulator } = await projectorWith(
    { password: 'JBMIAProjectorLink' },
    { password: 'JBMIAProjectorLink' },
  );
  await projector.setPower(true);
  await projector.status();
  assert.ok(
    emulator.received.every((line) => line.startsWith('%1')),
    'the digest is stripped before each command',
  );

  const wrong = new PjlinkProjector({ name: 'x', host: '127.0.0.1', port: emulator.port, password: 'nope' });
  assert.equal((await failure(wrong.status())).code, 'auth_failed');
  const none = new PjlinkProjector({ name: 'x', host: '127.0.0.1', port: emulator.port });
  assert.equal((await failure(none.status())).code, 'auth_required');
  await wrong.close();
  await none.close();
});

test('ERR1, ERR2 and ERR4 become unsupported, bad_parameter and device_failure', async () => {
  const { projector, emulator } = await projectorWith({});
  emulator.state.power = '1';
  assert.equal((await failure(projector.selectInput('hdmi9'))).code, 'bad_parameter');
  assert.equal((await failure(projector.command(1, 'XXXX', '?'))).code, 'unsupported');
  emulator.set({ override: (line) => (line.startsWith('%1POWR') ? '%1POWR=ERR4\r' : null) });
  assert.equal((await failure(projector.setPower(false))).code, 'device_failure');
  emulator.set({ override: null, lampHours: [] });
  assert.deepEqual((await projector.status()).lampHours, [], 'a laser projector has no lamp (LAMP answers ERR1)');
});

test('a reply slower than 2 s is a timeout, and the next command works on a new connection', async () => {
  const { projector, emulator } = await projectorWith({ replyDelayMs: 2600 });
  const began = performance.now();
  const error = await failure(projector.status());
  const waited = performance.now() - began;
  assert.equal(error.code, 'timeout');
  assert.ok(waited >= 1900 && waited < 2500, `waited ${waited} ms, the default is 2 s`);
  emulator.set({ replyDelayMs: 300 });
  assert.equal((await projector.status()).power, 'off', 'a slow but timely reply is fine');
  assert.equal(emulator.connections(), 2);
});

test('projectors that hang up after every command or after an idle time are reconnected', async () => {
  const each = await projectorWith({ closeAfterCommand: true });
  await each.projector.setPower(true);
  assert.equal((await each.projector.status()).power, 'on');
  assert.ok(each.emulator.connections() >= 6, 'one connection per command');

  const idle = await projectorWith({ idleCloseMs: 80 });
  await idle.projector.setPower(true);
  await sleep(150);
  assert.equal((await idle.projector.status()).power, 'on');
  assert.equal(idle.emulator.connections(), 2);
});

test('stray %2LKUP lines are skipped', async () => {
  const { projector } = await projectorWith({ strayLkup: true, pjlinkClass: 2 });
  await projector.setPower(true);
  assert.equal((await projector.status()).power, 'on');
});

test('garbage, truncated and oversized replies are clear device errors, and the projector is usable after', async () => {
  const { projector, emulator } = await projectorWith({});
  const cases: [string, string, string][] = [
    ['%1POWR', '\x00\xff\xfegarbage\r', 'bad_reply'],
    ['%1POWR', '%1POWR=7\r', 'bad_reply'],
    ['%1ERST', '%1ERST=12\r', 'bad_reply'],
    ['%1POWR', '%1POW', 'timeout'],
    ['%1POWR', '%1POWR=' + 'x'.repeat(600), 'bad_reply'],
  ];
  for (const [command, reply, code] of cases) {
    emulator.set({ override: (line) => (line.startsWith(command) ? reply : null) });
    const error = await failure(projector.status());
    assert.equal(error.code, code, `${JSON.stringify(reply.slice(0, 20))}: ${error.message}`);
  }
  emulator.set({ override: null });
  assert.equal((await projector.status()).power, 'off');
});

test('fuzzed replies never crash the driver: every failure is a DeviceError with a known code', async () => {
  const { projector, emulator } = await projectorWith({}, { replyTimeoutMs: 150 });
  const random = (n: number) => crypto.randomBytes(n).toString('latin1');
  const codes = new Set<string>();
  for (let i = 0; i < 36; i++) {
    // Random bytes, a valid reply cut short, valid words with random values, split in two writes.
    const kind = i % 3;
    emulator.set({
      override: () =>
        kind === 0 ? random(1 + (i % 40)) : kind === 1 ? '%1POWR=1\r'.slice(0, i % 9) : `%1POWR=${random(2)}\r`,
    });
    try {
      await projector.status();
    } catch (error) {
      assert.ok(error instanceof DeviceError, String(error));
      assert.ok((DEVICE_ERROR_CODES as readonly string[]).includes(error.code));
      codes.add(error.code);
    }
  }
  assert.ok(codes.has('bad_reply') && codes.has('timeout'), [...codes].join());
  emulator.set({ override: null });
  assert.equal((await projector.status()).power, 'off');
});

test('a closed port is unreachable at once', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const projector = new PjlinkProjector({ name: 'gone', host: '127.0.0.1', port });
  assert.equal((await failure(projector.status())).code, 'unreachable');
});

test('the search finds class 2 projectors on loopback, and status notifications are heard', async () => {
  const two = await startPjlinkEmulator({ pjlinkClass: 2, mac: '00:AA:BB:CC:DD:EE' });
  const one = await startPjlinkEmulator({ pjlinkClass: 1 });
  cleanups.push(two.close, one.close);
  const found = await discoverPjlink({
    targets: [
      { address: '127.0.0.1', port: two.udpPort },
      { address: '127.0.0.1', port: one.udpPort },
    ],
    listen: { address: '127.0.0.1', port: 0 },
    waitMs: 300,
  });
  assert.deepEqual(found, [{ address: '127.0.0.1', mac: '00:aa:bb:cc:dd:ee' }], 'class 1 does not answer a search');

  const notifications = new PjlinkNotifications();
  const port = await notifications.start({ address: '127.0.0.1', port: 0 });
  cleanups.push(async () => notifications.stop());
  const heard = new Promise((resolve) => notifications.once('notification', resolve));
  await two.notify('garbage', port);
  await two.notify('%2POWR=1', port);
  assert.deepEqual(await heard, { address: '127.0.0.1', command: 'POWR', value: '1' });
});

test("the LAN search goes to each subnet's broadcast address, never loopback", () => {
  const targets = lanBroadcastTargets({
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', internal: true, mac: '', cidr: null }],
    eth0: [{ address: '10.1.2.3', netmask: '255.255.255.0', family: 'IPv4', internal: false, mac: '', cidr: null }],
    eth1: [{ address: '172.16.9.200', netmask: '255.255.254.0', family: 'IPv4', internal: false, mac: '', cidr: null }],
  });
  assert.deepEqual(targets, [
    { address: '10.1.2.255', port: 4352 },
    { address: '172.16.9.255', port: 4352 },
  ]);
});

test('the search still works when UDP 4352 is taken on this station', async () => {
  const blocker = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => blocker.bind(0, '127.0.0.1', () => resolve()));
  const emulator = await startPjlinkEmulator({ pjlinkClass: 2 });
  cleanups.push(emulator.close, async () => void blocker.close());
  const found = await discoverPjlink({
    targets: [{ address: '127.0.0.1', port: emulator.udpPort }],
    listen: { address: '127.0.0.1', port: blocker.address().port },
    waitMs: 200,
  });
  assert.deepEqual(found, [{ address: '127.0.0.1', mac: '00:11:22:aa:bb:cc' }]);
});
