// What a device sent, waiting to be taken: lines, frames. A driver asks for the next one with
// a deadline; a device that goes away fails the waiting call at once instead of letting it
// run into its timeout. Drivers keep one command in flight, so there is one waiter at most.
import { DeviceError } from './device-error.ts';

export class Inbox<T> {
  #items: T[] = [];
  #waiter: { resolve: (item: T) => void; reject: (error: Error) => void } | null = null;
  #failure: DeviceError | null = null;

  get failed(): DeviceError | null {
    return this.#failure;
  }

  push(item: T): void {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = null;
      waiter.resolve(item);
    } else this.#items.push(item);
  }

  /** Ends the inbox: the waiting call and every later one fail with `error`. */
  fail(error: DeviceError): void {
    this.#failure ??= error;
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.reject(this.#failure);
  }

  /** Forgets what arrived unasked (before a new command). */
  clear(): void {
    this.#items = [];
  }

  /** The next item, or a `timeout` DeviceError after `ms` saying `what` did not come. */
  next(ms: number, what: string): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift()!);
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        reject(new DeviceError('timeout', `${what} within ${ms} ms`));
      }, ms);
      this.#waiter = {
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }
}
