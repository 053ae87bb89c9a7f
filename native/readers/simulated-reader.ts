// A card reader without hardware, for the demo station and tests: the operator (or a test)
// decides when a card is tapped, when the cable is pulled and when the device fails.
import { EventEmitter } from 'node:events';
import type { CardReader, CardReaderEvents } from './card-reader.ts';

export class SimulatedReader extends EventEmitter<CardReaderEvents> implements CardReader {
  readonly name: string;
  #started = false;
  #plugged = true;
  #connected = false;

  constructor(name = 'simulated') {
    super();
    this.name = name;
  }

  get connected(): boolean {
    return this.#connected;
  }

  async start(): Promise<void> {
    this.#started = true;
    this.#update();
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.#update();
  }

  /** A card held to the reader. Nothing happens while stopped or unplugged, as with a real one. */
  tap(cardNumber: string): void {
    if (this.#connected) this.emit('card', { kind: 'card', value: cardNumber, reader: this.name });
  }

  /** The cable pulled out, or plugged back in. */
  unplug(): void {
    this.#plugged = false;
    this.#update();
  }

  plug(): void {
    this.#plugged = true;
    this.#update();
  }

  fail(error: Error): void {
    this.emit('error', error);
  }

  #update(): void {
    const next = this.#started && this.#plugged;
    if (next === this.#connected) return;
    this.#connected = next;
    this.emit(next ? 'connected' : 'disconnected');
  }
}
