// Fake RS-232 projectors on the device end of a socat pty pair, each written from its maker's
// manual (the bytes below are the manuals' examples), not from the station's command sets:
// if the data in serial-command-sets.ts is wrong, these disagree with it.
import { SerialPort } from 'serialport';

export type FakeProjector = {
  /** Replaces the answer to a request (garbage, a split frame); null answers as the manual says. */
  override: ((request: Buffer) => Buffer | Buffer[] | null) | null;
  readonly requests: Buffer[];
  close(): Promise<void>;
};

type Responder = (request: Buffer) => Buffer | null;

function sum(bytes: number[]): number {
  return bytes.reduce((total, byte) => (total + byte) & 0xff, 0);
}

function necFrame(hex: string): Buffer {
  const bytes = [...Buffer.from(hex.replace(/\s+/g, ''), 'hex')];
  return Buffer.from([...bytes, sum(bytes)]);
}

/** Epson ESC/VP21: `PWR ON\r` → `:`, `PWR?\r` → `PWR=01\r:`, a refused command → `ERR\r:`. */
function epson(): { split: (buffer: Buffer) => [Buffer, Buffer] | null; respond: Responder } {
  let power = '00';
  let source = '30';
  let mute = 'OFF';
  return {
    split: (buffer) => {
      const end = buffer.indexOf(0x0d);
      return end < 0 ? null : [buffer.subarray(0, end + 1), buffer.subarray(end + 1)];
    },
    respond: (request) => {
      const command = request.toString('latin1').trim();
      const on = power === '01';
      const answers: Record<string, () => string> = {
        'PWR ON': () => ((power = '01'), ':'),
        'PWR OFF': () => ((power = '00'), ':'),
        'PWR?': () => `PWR=${power}\r:`,
        'SOURCE?': () => (on ? `SOURCE=${source}\r:` : 'ERR\r:'),
        'MUTE ON': () => (on ? ((mute = 'ON'), ':') : 'ERR\r:'),
        'MUTE OFF': () => (on ? ((mute = 'OFF'), ':') : 'ERR\r:'),
        'MUTE?': () => (on ? `MUTE=${mute}\r:` : 'ERR\r:'),
        'LAMP?': () => 'LAMP=1500\r:',
        'ERR?': () => 'ERR=04\r:',
      };
      const set = /^SOURCE ([0-9A-F]{2})$/.exec(command);
      if (set) return Buffer.from(on ? ((source = set[1]!), ':') : 'ERR\r:', 'latin1');
      return Buffer.from(answers[command]?.() ?? 'ERR\r:', 'latin1');
    },
  };
}

/** NEC: 02H 00H 00H 00H 00H 02H powers on and is answered 22H 00H ID1 ID2 00H CKS. */
function nec(): { split: (buffer: Buffer) => [Buffer, Buffer] | null; respond: Responder } {
  let operation = '00';
  return {
    split: (buffer) => {
      if (buffer.length < 5) return null;
      const total = 5 + buffer[4]! + 1;
      return buffer.length < total ? null : [buffer.subarray(0, total), buffer.subarray(total)];
    },
    respond: (request) => {
      const hex = request.toString('hex');
      if (hex === '020000000002') return ((operation = '04'), necFrame('22 00 01 02 00'));
      if (hex === '020100000003') return ((operation = '00'), necFrame('22 01 01 02 00'));
      if (hex.startsWith('020300000201'))
        return operation === '04' ? necFrame('22 03 01 02 01 00') : necFrame('a2 03 01 02 02 02 0d');
      if (/^021[0-3]000000/.test(hex)) return necFrame(`22 ${hex.slice(2, 4)} 01 02 00`);
      if (hex === '00850000010187')
        return necFrame(
          `20 85 01 02 10 00 00 ${operation === '04' ? '01' : '00'} 00 00 ${operation} ${'00 '.repeat(10)}`,
        );
      // Lamp 1 usage: 5,400,000 s = 1500 h, little-endian in data bytes 3–6.
      if (hex === '039600000200019c') return necFrame('23 96 01 02 06 00 01 c0 65 52 00');
      if (hex === '008800000088') return necFrame(`20 88 01 02 0c 48 ${'00 '.repeat(11)}`);
      return necFrame('a2 00 01 02 02 00 00');
    },
  };
}

/** BenQ: echoes `*pow=on#`, then answers `*POW=ON#`; `*Block item#` when it cannot. */
function benq(): { split: (buffer: Buffer) => [Buffer, Buffer] | null; respond: Responder } {
  let power = 'OFF';
  let source = 'HDMI';
  let blank = 'OFF';
  return {
    split: (buffer) => {
      const end = buffer.indexOf(0x23); // '#', then the trailing CR
      if (end < 0 || buffer.length < end + 2) return null;
      return [buffer.subarray(0, end + 2), buffer.subarray(end + 2)];
    },
    respond: (request) => {
      const command = request.toString('latin1').trim();
      const on = power === 'ON';
      const match = /^\*(\w+)=([\w?]+)#$/.exec(command);
      const answer = (() => {
        if (!match) return '*Illegal format#';
        const [, name, value] = match;
        if (name === 'pow')
          return value === '?' ? `*POW=${power}#` : ((power = value!.toUpperCase()), `*POW=${power}#`);
        if (!on) return '*Block item#';
        if (name === 'sour')
          return value === '?' ? `*SOUR=${source}#` : ((source = value!.toUpperCase()), `*SOUR=${source}#`);
        if (name === 'blank')
          return value === '?' ? `*BLANK=${blank}#` : ((blank = value!.toUpperCase()), `*BLANK=${blank}#`);
        if (name === 'ltim') return '*LTIM=1500#';
        return '*Illegal format#';
      })();
      return Buffer.from(`>${command}\r\n${answer}\r\n`, 'latin1');
    },
  };
}

const MAKERS = { 'epson-escvp21': epson, nec, benq };

export async function startFakeProjector(maker: keyof typeof MAKERS, devicePath: string): Promise<FakeProjector> {
  const { split, respond } = MAKERS[maker]();
  const port = new SerialPort({ path: devicePath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  port.on('error', () => undefined);
  const fake: FakeProjector = {
    override: null,
    requests: [],
    close: () => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
  let buffer: Buffer = Buffer.alloc(0);
  port.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let cut = split(buffer); cut; cut = split(buffer)) {
      const [request, rest] = cut;
      buffer = rest;
      fake.requests.push(request);
      const answer = fake.override?.(request) ?? respond(request);
      const parts = Array.isArray(answer) ? answer : answer ? [answer] : [];
      // Parts leave with a pause between them, as a slow device's bytes do.
      parts.forEach((part, i) => setTimeout(() => port.isOpen && port.write(part), i * 15));
    }
  });
  return fake;
}
