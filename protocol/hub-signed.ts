// Documents the hub signs with its key for a station to verify offline, where no signed
// request carries them: a technician-PIN reset handed over on a USB drive, the metadata of
// an update served from a plain-HTTP intranet feed. The station trusts the hub key it was
// given at enrollment (§2); a document is bound to its kind, so one kind can never be
// passed off as another.
import crypto from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.ts';
import { sign, verify } from './crypto.ts';

export const HUB_DOCUMENT_KINDS = ['technician_pin_reset', 'update_release'] as const;
export type HubDocumentKind = (typeof HUB_DOCUMENT_KINDS)[number];

export const HubSignedDocumentSchema = z.strictObject({
  kind: z.enum(HUB_DOCUMENT_KINDS),
  body: z.record(z.string(), z.unknown()),
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
export type HubSignedDocument = z.infer<typeof HubSignedDocumentSchema>;

function signedText(kind: string, body: unknown): string {
  return `LECTERN-DOCUMENT-V1\n${kind}\n${canonicalJson(body)}`;
}

export function signHubDocument(kind: HubDocumentKind, body: Record<string, unknown>, hubPrivateKey: string) {
  return { kind, body, signature: sign(signedText(kind, body), hubPrivateKey) } satisfies HubSignedDocument;
}

/**
 * The document's body if it is of `kind` and signed by the hub key, else null. The body is
 * then parsed with `schema`, so what the caller gets is both authentic and well formed.
 */
export function verifyHubDocument<T>(
  document: unknown,
  kind: HubDocumentKind,
  hubPublicKey: string,
  schema: z.ZodType<T>,
): T | null {
  const parsed = HubSignedDocumentSchema.safeParse(document);
  if (!parsed.success || parsed.data.kind !== kind) return null;
  let authentic: boolean;
  try {
    authentic = verify(signedText(kind, parsed.data.body), parsed.data.signature, hubPublicKey);
  } catch {
    authentic = false;
  }
  if (!authentic) return null;
  const body = schema.safeParse(parsed.data.body);
  return body.success ? body.data : null;
}

/** A technician-PIN reset for one station, valid until `expiresAt`, usable once (`id`). */
export const TechnicianResetSchema = z.strictObject({
  stationId: z.string().min(1).max(128),
  id: z.string().min(16).max(64),
  expiresAt: z.number().int().positive(),
});
export type TechnicianReset = z.infer<typeof TechnicianResetSchema>;

export function technicianReset(stationId: string, expiresAt: number): TechnicianReset {
  return { stationId, id: crypto.randomBytes(16).toString('base64url'), expiresAt };
}
