// Suite `hardware`: the devices' paths against real peers on this machine, each beside a
// baseline measured in the same run.
//   pjlink_command_ms_p50/p95     a PJLink query (POWR ?) to the emulator on loopback, one
//                                  connection kept open (report)
//   pjlink_reconnect_ms_p95       the same to an emulator that hangs up after every command:
//                                  connect, greeting, command, reply each time (report)
//   bare_tcp_line_ms_p95          baseline: one line out and one back on a kept connection
//   idcard_read_ms                a resident ID card read (find, select, 1.3 KiB base
//                                  information) over a socat pty whose fake reader sends at
//                                  115,200 baud: from the find that finds the card to the
//                                  read (goal ≤ 400; a real reader takes about a second)
//   idcard_wire_ms                baseline: the bytes of those three exchanges at 115,200 baud
//   idcard_place_to_read_ms       from the card laid down to the read, the 300 ms poll included
//   wedge_card_to_tap_ms          from a keyboard-wedge card's last key (the renderer's wedge
//                                  rule) to the classroom's tap answer through the browser
//                                  shell (HTTP, router, durable ledger append on a real disk)
//                                  (goal ≤ 50)
//   wedge_card_to_tap_ms_p95
//   bare_http_roundtrip_ms        baseline: a contract call that writes nothing (station.info)
// The station under test keeps its data in bench/.data (support/disk.ts: a real disk).
import net from 'node:net';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN } from '../../hub/demo/roster.ts';
import { startStationCore } from '../../main/app/start-station.ts';
import { silentLogger } from '../../main/runtime/logger.ts';
import { startWebShell } from '../../main/web/web-shell-server.ts';
import { PjlinkProjector } from '../../native/projectors/pjlink.ts';
import { startPjlinkEmulator } from '../../native/projectors/test-support/pjlink-emulator.ts';
import { IdCardReader } from '../../native/readers/id-card-reader.ts';
import { startFakeIdCardReader } from '../../native/readers/test-support/fake-id-card-reader.ts';
import { startPtyPair } from '../../native/serial/test-support/pty-pair.ts';
import { HTTP_INVOKE_PREFIX } from '../../preload/contract/wire-names.ts';
import { createWedgeCollector } from '../../renderer/src/reader/wedge.ts';
import { removeFolder, runFolder } from '../support/disk.ts';
import { median, percentile } from '../support/stats.ts';

const PJLINK_COMMANDS = 2000;
const PJLINK_RECONNECTS = 300;
const ID_READS = 15;

async function timePjlink(options: { closeAfterCommand: boolean }, count: number): Promise<number[]> {
  const emulator = await startPjlinkEmulator({ closeAfterCommand: options.closeAfterCommand });
  const projector = new PjlinkProjector({ name: 'bench', host: '127.0.0.1', port: emulator.port });
  for (let i = 0; i < 100; i++) await projector.command(1, 'POWR', '?');
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const began = performance.now();
    await projector.command(1, 'POWR', '?');
    times.push(performance.now() - began);
  }
  await projector.close();
  await emulator.close();
  return times;
}

async function timeBareTcp(count: number): Promise<number[]> {
  const server = net.createServer((socket) => socket.on('data', () => socket.write('%1POWR=0\r')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const times: number[] = [];
  for (let i = 0; i < count + 100; i++) {
    const began = performance.now();
    await new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write('%1POWR ?\r');
    });
    if (i >= 100) times.push(performance.now() - began);
  }
  socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  return times;
}

async function timeIdCard(): Promise<{ read: number[]; placed: number[] }> {
  const pty = await startPtyPair();
  const fake = await startFakeIdCardReader(pty.device, { baudRate: 115200 });
  const reader = new IdCardReader({ name: 'bench', path: pty.station, baudRate: 115200 });
  const read: number[] = [];
  const placed: number[] = [];
  let resolveRead: (() => void) | null = null;
  reader.on('card', () => resolveRead?.());
  await reader.start();
  while (!reader.connected) await new Promise((resolve) => setTimeout(resolve, 20));
  const cards = ['11010519491231002X', '430104199001011230'];
  for (let i = 0; i < ID_READS; i++) {
    const done = new Promise<void>((resolve) => (resolveRead = resolve));
    const laidAt = performance.now();
    fake.card = { name: '张三', idNumber: cards[i % 2]! };
    await done;
    const readAt = performance.now();
    read.push(readAt - fake.foundAt!);
    placed.push(readAt - laidAt);
    fake.card = null;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  await reader.stop();
  await fake.close();
  await pty.close();
  return { read, placed };
}

/** Bytes of find + select + read (requests of 10 bytes, answers of 15, 19 and 1,295) at 115,200 baud. */
function idCardWireMs(): number {
  const bytes = 3 * 10 + 15 + 19 + (7 + 3 + 4 + 256 + 1024 + 1);
  return (bytes * 10 * 1000) / 115200;
}

async function timeWedge(): Promise<{ taps: number[]; bare: number[] }> {
  const dataDir = runFolder('hardware-wedge');
  const core = startStationCore({ dataDir, version: '0.0.0', runtime: 'web', log: silentLogger });
  const shell = await startWebShell({ core, rendererDir: dataDir, log: silentLogger });
  try {
    await core.connect();
    const call = async (channel: string, input: unknown) => {
      const response = await fetch(`${shell.origin}${HTTP_INVOKE_PREFIX}${channel}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${shell.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const envelope = (await response.json()) as { ok: boolean; value: Record<string, unknown>; error?: unknown };
      if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
      return envelope.value;
    };
    // Demo cards count as learners once the roster is pulled from the demo hub.
    for (let waited = 0; ((await call('sync.status', {})).counts as { learners: number }).learners === 0; waited++) {
      if (waited > 300) throw new Error('the demo roster did not arrive in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The demo roster's organiser taps their card and gives their PIN.
    const organiserCard = core.classroom.demoCards()[DEMO_ORGANISER_INDEX]!.cardNumber;
    const { tapId } = await call('reader.tap', { cardNumber: organiserCard });
    const { organiserSession } = await call('organiser.unlock', { tapId, pin: DEMO_ORGANISER_PIN });
    await call('organiser.createClass', { organiserSession, title: '测速班' });
    const cards = core.classroom
      .demoCards()
      .filter((card) => card.kind === 'learner' && card.cardNumber !== organiserCard)
      .map((card) => card.cardNumber);
    const taps: number[] = [];
    const bare: number[] = [];
    // Each learner's first tap: a check-in, appended durably (a second tap within minutes writes nothing).
    for (const cardNumber of cards) {
      const wedge = createWedgeCollector();
      const start = performance.now();
      [...cardNumber].forEach((key, i) => wedge.key(key, start + i * 5));
      const lastKey = performance.now();
      const decision = wedge.key('Enter', start + cardNumber.length * 5);
      if (decision.action !== 'card') throw new Error('the wedge rule did not see a card');
      const tap = await call('reader.tap', { cardNumber: decision.card });
      taps.push(performance.now() - lastKey);
      if (tap.kind !== 'checked_in') throw new Error(`a first tap should check in, not ${String(tap.kind)}`);
      const began = performance.now();
      await call('station.info', {});
      bare.push(performance.now() - began);
    }
    return { taps, bare };
  } finally {
    await shell.close();
    await core.close();
    removeFolder(dataDir);
  }
}

export async function run(): Promise<Record<string, number>> {
  const kept = await timePjlink({ closeAfterCommand: false }, PJLINK_COMMANDS);
  const reconnecting = await timePjlink({ closeAfterCommand: true }, PJLINK_RECONNECTS);
  const bareTcp = await timeBareTcp(PJLINK_COMMANDS);
  const idCard = await timeIdCard();
  const wedge = await timeWedge();
  return {
    pjlink_command_ms_p50: median(kept),
    pjlink_command_ms_p95: percentile(kept, 95),
    pjlink_reconnect_ms_p95: percentile(reconnecting, 95),
    bare_tcp_line_ms_p95: percentile(bareTcp, 95),
    pjlink_vs_bare_tcp_p95_ratio: percentile(kept, 95) / percentile(bareTcp, 95),
    idcard_read_ms: median(idCard.read),
    idcard_wire_ms: idCardWireMs(),
    idcard_read_vs_wire_ratio: median(idCard.read) / idCardWireMs(),
    idcard_place_to_read_ms: median(idCard.placed),
    wedge_card_to_tap_ms: median(wedge.taps),
    wedge_card_to_tap_ms_p95: percentile(wedge.taps, 95),
    bare_http_roundtrip_ms: median(wedge.bare),
    wedge_tap_vs_bare_http_ratio: median(wedge.taps) / median(wedge.bare),
  };
}
