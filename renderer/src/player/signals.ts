// What a player tells the station, in the contract's terms.
import type { PlayerSignalInput } from '../../../preload/contract/channels/player.ts';

export type PlayerSignal = PlayerSignalInput;
export type StallReason = NonNullable<Extract<PlayerSignalInput, { kind: 'stalled' }>['reason']>;
