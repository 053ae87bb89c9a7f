// The API screens use, whichever transport carries it. Each transport provides a
// LecternBridge that answers with envelopes (Electron's preload exposes one as
// `window.lectern`; the browser shell builds one over HTTP); createApi turns it into typed
// calls that resolve to the value or reject with a ContractError. Envelopes rather than
// thrown errors, because an Error crossing contextBridge loses its code.
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './channels.ts';
import { unwrapEnvelope, type Envelope } from './errors.ts';

export interface LecternBridge {
  invoke(channel: string, input: unknown): Promise<Envelope>;
  /** Returns a function that removes the listener. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export interface LecternApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Returns a function that removes the listener. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createApi(bridge: LecternBridge): LecternApi {
  return {
    invoke: async (channel, input) => unwrapEnvelope(await bridge.invoke(channel, input)) as never,
    on: (event, listener) => bridge.on(event, listener as (payload: unknown) => void),
  };
}
