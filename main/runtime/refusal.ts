// A deliberate no: a domain refuses an action for a reason a person can act on (a wrong PIN,
// a closed class, someone already checked in). Domains throw it; the router answers it as
// `{ refused: code }` on channels whose output allows that, so no handler builds a refusal
// by hand. Failures no screen should cause stay ContractErrors (VALIDATION,
// LEDGER_UNAVAILABLE): one way to refuse, one way to fail.
import type { Refusal } from '../../preload/contract/channels.ts';
import type { PlayerRefusal } from '../../preload/contract/channels/player.ts';

export class Refused extends Error {
  readonly code: Refusal | PlayerRefusal;
  constructor(code: Refusal | PlayerRefusal, message: string) {
    super(message);
    this.name = 'Refused';
    this.code = code;
  }
}
