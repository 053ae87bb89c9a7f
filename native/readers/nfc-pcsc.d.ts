// The part of nfc-pcsc (which ships no types) the PC/SC reader uses.
declare module 'nfc-pcsc' {
  import type { EventEmitter } from 'node:events';

  export interface NfcReader extends EventEmitter {
    readonly reader: { name: string };
    autoProcessing: boolean;
    transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
    close(): void;
  }

  export class NFC extends EventEmitter {
    close(): void;
  }
}
