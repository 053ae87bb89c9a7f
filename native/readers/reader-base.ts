// What every hardware reader does alike: its connected state, told once per change; its
// errors, told once per kind of failure (a reader that stays unplugged is not a new error
// every retry); and its reads, each with the reader's name.
import { EventEmitter } from 'node:events';
import type { DeviceError } from '../device-error.ts';
import type { CardRead, CardReader, CardReaderEvents } from './card-reader.ts';

export abstract class ReaderBase extends EventEmitter<CardReaderEvents> implements CardReader {
  readonly name: string;
  #connected = false;
  #lastError: string | null = null;

  constructor(name: string) {
    super();
    this.name = name;
  }

  get connected(): boolean {
    return this.#connected;
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;

  protected setConnected(connected: boolean): void {
    if (connected === this.#connected) return;
    this.#connected = connected;
    if (connected) this.#lastError = null;
    this.emit(connected ? 'connected' : 'disconnected');
  }

  protected report(error: DeviceError): void {
    const key = `${error.code} ${error.message}`;
    if (key === this.#lastError) return;
    this.#lastError = key;
    this.emit('error', error);
  }

  protected read(kind: CardRead['kind'], value: string, holder?: string): void {
    this.#lastError = null;
    this.emit(
      'card',
      holder === undefined ? { kind, value, reader: this.name } : { kind, value, reader: this.name, holder },
    );
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
