// A contactless card for pcscd's virtual reader driver (vsmartcard-vpcd), standing in for the
// `vicc` emulator of Debian's vsmartcard-vpicc (Python, not needed here). vpcd listens for
// its card on port 35963; putting the card on the reader is connecting to it, taking it off
// is hanging up — as vicc does. vpcd's protocol: each message a two-byte big-endian length
// and a payload; one byte is a control (0 power off, 1 power on, 2 reset, 4 send the ATR),
// anything longer an APDU to answer. vpcd listens on every interface, so it runs inside a
// network namespace of the test's own (pcscd.ts), and so does this card: run as a script
// there, it takes `insert <uid hex>`, `remove` and `override <hex>|-` lines on stdin.
import net from 'node:net';
import readline from 'node:readline';

/** A MIFARE Classic 1K's ATR under PC/SC part 3: byte 5 is 4F, a storage card. */
export const MIFARE_ATR = Buffer.from('3b8f8001804f0ca000000306030001000000006a', 'hex');
export const VPCD_PORT = 35963;

function serve(socket: net.Socket, uid: Buffer, override: () => Buffer | null): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const message = pending.subarray(2, 2 + pending.readUInt16BE(0));
      pending = pending.subarray(2 + message.length);
      let reply: Buffer | null;
      if (message.length === 1) reply = message[0] === 0x04 ? MIFARE_ATR : null;
      // GET DATA (UID): FF CA 00 00 00.
      else if (message.subarray(0, 4).equals(Buffer.from([0xff, 0xca, 0x00, 0x00])))
        reply = override() ?? Buffer.concat([uid, Buffer.from([0x90, 0x00])]);
      else reply = Buffer.from([0x6d, 0x00]); // instruction not supported
      if (reply) socket.write(Buffer.concat([Buffer.from([reply.length >> 8, reply.length & 0xff]), reply]));
    }
  });
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  let socket: net.Socket | null = null;
  let override: Buffer | null = null;
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [command, argument] = line.trim().split(' ');
    if (command === 'override') override = argument === '-' ? null : Buffer.from(argument!, 'hex');
    if (command === 'remove' || command === 'insert') {
      socket?.destroy();
      socket = null;
    }
    if (command === 'insert') {
      const card = net.connect({ host: '127.0.0.1', port: VPCD_PORT });
      card.on('error', () => undefined);
      serve(card, Buffer.from(argument!, 'hex'), () => override);
      socket = card;
    }
    process.stdout.write(`ok ${command}\n`);
  });
  lines.on('close', () => process.exit(0));
}
