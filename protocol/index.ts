// The station ↔ hub protocol, v1 (docs/protocol.md). One import for station and hub.
export * from './canonical-json.ts';
export * from './crypto.ts';
export * from './uuidv7.ts';
export * from './card-hash.ts';
export * from './errors.ts';
export * from './request-auth.ts';
export * from './events.ts';
export * from './hour-rules.ts';
export * from './wire.ts';
export * from './hub-client/conformance-client.ts';
