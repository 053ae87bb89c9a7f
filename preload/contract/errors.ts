// Errors that cross the contract. Every failure a caller can see has one of these stable
// codes, so the renderer can choose a message from the catalogue instead of showing a stack.
import { z } from 'zod';

export const ERROR_CODES = [
  'VALIDATION', // the input (or, as a bug, the output) does not match the channel's schema
  'UNKNOWN_CHANNEL',
  'UNAUTHORIZED', // browser shell: missing or wrong token; Electron: untrusted sender frame
  'LEDGER_UNAVAILABLE', // learning records cannot be written until a technician acts
  'LEDGER_WRITE_FAILED', // the disk failed to save a record: recording stopped until the ledger is verified again
  'LEDGER_DISK_FULL', // the disk is full: recording stopped until space is freed and the ledger is verified again
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const contractErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  // For VALIDATION: where in the payload each problem is, e.g. "locale".
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ContractErrorData = z.infer<typeof contractErrorSchema>;

export class ContractError extends Error {
  readonly code: ErrorCode;
  readonly issues: ContractErrorData['issues'];

  constructor(data: ContractErrorData) {
    super(data.message);
    this.name = 'ContractError';
    this.code = data.code;
    this.issues = data.issues;
  }

  toData(): ContractErrorData {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

// What a transport sends back for every call: either the value or a typed error. Thrown
// errors do not survive Electron's structured clone with their fields, so nothing is thrown
// across a transport; the client turns an error envelope back into a ContractError.
export const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: contractErrorSchema }),
]);
export type Envelope = z.infer<typeof envelopeSchema>;

export function unwrapEnvelope(raw: unknown): unknown {
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ContractError({ code: 'INTERNAL', message: 'The station answered with a malformed envelope' });
  }
  if (parsed.data.ok) return parsed.data.value;
  throw new ContractError(parsed.data.error);
}
