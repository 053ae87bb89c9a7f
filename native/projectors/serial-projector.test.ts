import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, test } from 'node:test';
import { DEVICE_ERROR_CODES, SERIAL_COMMAND_SETS } from '../../common/devices.ts';
import { DeviceError } from '../device-error.ts';
import { startPtyPair } from '../serial/test-support/pty-pair.ts';
import { COMMAND_SETS } from './serial-command-sets.ts';
import { SerialProjector, encodeCommand } from './serial-projector.ts';
import { startFakeProjector } from './test-support/fake-serial-projectors.ts';
import { failure } from '../test-support/device-test.ts';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function rig(maker: (typeof SERIAL_COMMAND_SETS)[number]) {
  const pty = await startPtyPair();
  const fake = await startFakeProjector(maker, pty.device);
  const commandSet = { ...COMMAND_SETS[maker], timing: { ...COMMAND_SETS[maker].timing, replyTimeoutMs: 400 } };
  const projector = new SerialProjector({ name: maker, path: pty.station, commandSet });
  cleanups.push(pty.close, fake.close, () => projector.close());
  return { pty, fake, projector };
}

const healthy = { fan: 'ok', lamp: 'ok', temperature: 'ok', cover: 'ok', filter: 'ok', other: 'ok' } as const;

test('NEC frames carry their sum checksum, as the manual shows', () => {
  assert.equal(encodeCommand(COMMAND_SETS.nec.framing, '0200000000').toString('hex'), '020000000002');
  assert.equal(
    encodeCommand(COMMAND_SETS.nec.framing, '0203000002 01{code}', '1a').toString('hex'),
    '0203000002011a22',
  );
});

test('Epson ESC/VP21 over a pty: power, input, mute, lamp hours and error status', async () => {
  const { projector } = await rig('epson-escvp21');
  assert.equal((await failure(projector.selectInput('hdmi1'))).code, 'busy', 'ERR in standby');
  await projector.setPower(true);
  await projector.selectInput('hdmi2');
  await projector.setMuted(true);
  assert.deepEqual(await projector.status(), {
    power: 'on',
    input: 'hdmi2',
    muted: true,
    lampHours: [1500],
    filterHours: null,
    health: { ...healthy, temperature: 'error' },
  });
  assert.equal((await failure(projector.selectInput('usb9'))).code, 'bad_parameter');
});

test('NEC binary over a pty: power, input, AV mute as two commands, lamp seconds as hours, error bits', async () => {
  const { projector, fake } = await rig('nec');
  assert.equal((await failure(projector.selectInput('hdmi1'))).code, 'busy', 'an error frame (02H 0DH) in standby');
  await projector.setPower(true);
  await projector.selectInput('hdmi1');
  await projector.setMuted(true);
  assert.deepEqual(await projector.status(), {
    power: 'on',
    input: null,
    muted: null,
    lampHours: [1500],
    filterHours: null,
    health: { ...healthy, fan: 'error', lamp: 'error' },
  });
  const mutes = fake.requests.map((request) => request.toString('hex')).filter((hex) => /^021[02]/.test(hex));
  assert.deepEqual(mutes, ['021000000012', '021200000014'], 'picture mute, then sound mute');
});

test('BenQ ASCII over a pty: the echo is skipped, *Block item# is busy', async () => {
  const { projector } = await rig('benq');
  assert.equal((await failure(projector.setMuted(true))).code, 'busy');
  await projector.setPower(true);
  await projector.selectInput('hdmi2');
  await projector.setMuted(true);
  const status = await projector.status();
  assert.deepEqual(
    { power: status.power, input: status.input, muted: status.muted, lampHours: status.lampHours },
    { power: 'on', input: 'hdmi2', muted: true, lampHours: [1500] },
  );
});

test('split, truncated, bad-checksum and garbage frames: clear errors, then the projector works again', async () => {
  const { projector, fake } = await rig('nec');
  const ack = Buffer.from('220001020025', 'hex'); // 22H 00H ID1 ID2 00H and the sum of them
  fake.override = () => [ack.subarray(0, 2), ack.subarray(2, 4), ack.subarray(4)];
  await projector.setPower(true);

  fake.override = () => ack.subarray(0, 4);
  assert.equal((await failure(projector.setPower(true))).code, 'timeout', 'a truncated frame');
  fake.override = () => Buffer.from('2200010200ff', 'hex');
  assert.equal((await failure(projector.setPower(true))).code, 'bad_checksum');
  fake.override = () => Buffer.from('22000102f0', 'hex');
  assert.equal((await failure(projector.setPower(true))).code, 'bad_reply', 'a header announcing 240 bytes');
  fake.override = null;
  await projector.setPower(true);
  assert.equal((await projector.status()).power, 'on');
});

test('fuzzed answers from every command set never crash: DeviceErrors with known codes only', async () => {
  for (const maker of SERIAL_COMMAND_SETS) {
    const { projector, fake } = await rig(maker);
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const noise = crypto.randomBytes(1 + ((i * 7) % 300));
      fake.override = () => (i % 2 ? noise : [noise.subarray(0, 3), noise.subarray(3)]);
      try {
        await projector.status();
      } catch (error) {
        assert.ok(error instanceof DeviceError, `${maker}: ${String(error)}`);
        assert.ok((DEVICE_ERROR_CODES as readonly string[]).includes(error.code));
        seen.add(error.code);
      }
    }
    assert.ok(seen.size > 0, `${maker}: noise was noticed`);
    fake.override = null;
    await new Promise((resolve) => setTimeout(resolve, 450)); // what the noise left behind has arrived
    await projector.setPower(true);
    assert.equal((await projector.status()).power, 'on', `${maker} works after the noise`);
  }
});

test('an unplugged adapter is a clear error, and the projector answers again once plugged back', async () => {
  const { projector, pty } = await rig('epson-escvp21');
  await projector.setPower(true);
  await pty.unplug();
  const error = await failure(projector.status());
  assert.ok(['closed', 'unreachable', 'not_found', 'timeout'].includes(error.code), error.code);
  await pty.plug();
  const fake = await startFakeProjector('epson-escvp21', pty.device);
  cleanups.push(fake.close);
  assert.equal((await projector.status()).power, 'off', 'a new fake, in standby');
});
