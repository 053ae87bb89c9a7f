// Why a hub holds a pushed event apart instead of counting it (docs/protocol.md §7): one list
// for the protocol's schema and for the screens that put each reason into words.
export const REJECTION_CODES = [
  'invalid_request',
  'unknown_field',
  'station_mismatch',
  'event_bad_hash',
  'event_bad_signature',
  'chain_broken',
  'id_conflict',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];
