// Events from the station to every connected renderer. Transports subscribe once and forward;
// payloads are validated against the contract before they leave, like call outputs.
import { events, type EventName, type EventPayload } from '../../preload/contract/channels.ts';

export type EventListener = (event: EventName, payload: unknown) => void;

export interface EventBus {
  publish<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    publish(event, payload) {
      const checked = events[event].parse(payload);
      for (const listener of listeners) listener(event, checked);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
