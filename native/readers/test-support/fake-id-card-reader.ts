// A resident ID card reader on the device end of a socat pty pair, written from GA 467's frame
// layout: it answers find, select and read-base-information for whatever card lies on it,
// optionally at the pace of a real baud rate, and can be told to answer garbage instead.
import crypto from 'node:crypto';
import { SerialPort } from 'serialport';

export type FakeCard = { name: string; idNumber: string };

export type FakeIdCardReader = {
  card: FakeCard | null;
  /** Bytes to send instead of the real answer (pieces leave 5 ms apart); null answers properly. */
  override: ((command: string) => Buffer | Buffer[] | null) | null;
  /** Commands received, as hex `2001`, `2002`, `3001`. */
  readonly commands: string[];
  /** When (performance.now()) a find was last answered with a card. */
  foundAt: number | null;
  close(): Promise<void>;
};

function xor(bytes: Uint8Array): number {
  return bytes.reduce((value, byte) => value ^ byte, 0);
}

/** AA AA AA 96 69, length, SW1 SW2 SW3, data, XOR. */
export function readerFrame(status: number, data: Uint8Array = new Uint8Array()): Buffer {
  const length = data.length + 4;
  const body = Buffer.from([length >> 8, length & 0xff, 0x00, 0x00, status, ...data]);
  return Buffer.concat([Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]), body, Buffer.from([xor(body)])]);
}

function ucs2(text: string, bytes: number): Buffer {
  return Buffer.from(text.padEnd(bytes / 2, ' '), 'utf16le');
}

/** The 256-byte text of the base information: name, sex, nation, birth, address, number, … */
export function cardText(card: FakeCard): Buffer {
  return Buffer.concat([
    ucs2(card.name, 30),
    ucs2('1', 2),
    ucs2('01', 4),
    ucs2(card.idNumber.slice(6, 14), 16),
    ucs2('湖南省长沙市岳麓区', 70),
    ucs2(card.idNumber, 36),
    ucs2('长沙市公安局岳麓分局', 30),
    ucs2('20200101', 16),
    ucs2('20400101', 16),
    ucs2('', 36),
  ]);
}

export async function startFakeIdCardReader(devicePath: string, options: { baudRate?: number } = {}) {
  const port = new SerialPort({ path: devicePath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  port.on('error', () => undefined);
  // A real line moves baud/10 bytes a second; the pty would move them at once.
  const bytesPerMs = options.baudRate ? options.baudRate / 10 / 1000 : null;
  const send = async (bytes: Buffer) => {
    if (!bytesPerMs) return void port.write(bytes);
    const began = performance.now();
    for (let at = 0; at < bytes.length; at += 64) {
      const wait = began + at / bytesPerMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (!port.isOpen) return;
      port.write(bytes.subarray(at, at + 64));
    }
  };
  const fake: FakeIdCardReader = {
    card: null,
    override: null,
    commands: [],
    foundAt: null,
    close: () => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
  const answer = (command: string): Buffer => {
    const card = fake.card;
    if (command === '2001' && card) fake.foundAt = performance.now();
    if (command === '2001') return card ? readerFrame(0x9f, Buffer.alloc(4)) : readerFrame(0x80);
    if (command === '2002') return card ? readerFrame(0x90, Buffer.alloc(8)) : readerFrame(0x81);
    if (command === '3001') {
      if (!card) return readerFrame(0x41);
      const photo = crypto.randomBytes(1024);
      return readerFrame(0x90, Buffer.concat([Buffer.from([0x01, 0x00, 0x04, 0x00]), cardText(card), photo]));
    }
    return readerFrame(0x24);
  };
  let pending: Buffer = Buffer.alloc(0);
  port.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const start = pending.indexOf(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]));
      if (start < 0 || pending.length < start + 7) return;
      const total = 7 + pending.readUInt16BE(start + 5);
      if (pending.length < start + total) return;
      const frame = pending.subarray(start, start + total);
      pending = pending.subarray(start + total);
      const command = frame.subarray(7, 9).toString('hex');
      fake.commands.push(command);
      const replaced = fake.override?.(command);
      if (replaced == null) void send(answer(command));
      else
        (Array.isArray(replaced) ? replaced : [replaced]).forEach((part, i) =>
          setTimeout(() => port.isOpen && port.write(part), i * 5),
        );
    }
  });
  return fake;
}
