// The technician's page, behind the technician PIN set at provisioning: unlocking it, the
// roster's organisers with their PIN state and lockouts (the technician resets a PIN or
// lifts a lockout), and the diagnostic bundle.
import { z } from 'zod';
import { refusable } from './classroom.ts';
import { noInput } from './no-input.ts';

const pinSchema = z.string().regex(/^\d{4,12}$/, 'the PIN is 4 to 12 digits');
/** What the technician page holds after the PIN (technician.unlock); the device page's calls carry it too. */
export const technicianSessionSchema = z.string().min(16).max(128);

const organiserRowSchema = z.object({
  learnerId: z.string(),
  name: z.string(),
  unit: z.string(),
  /** Where the PIN that opens for them comes from; none: they cannot unlock yet. */
  pin: z.enum(['station', 'hub', 'none']),
  lockedForMs: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
});
export type OrganiserRow = z.infer<typeof organiserRowSchema>;

/** A provisioning problem (common/provision-messages.ts words it): a stable code and its parameters. */
const provisionProblemSchema = z.object({ code: z.string(), params: z.record(z.string(), z.string()) });

/** What provisioning answered: done (and whether the hub was asked), or the problems, field by field. */
const provisionOutcomeSchema = z.union([
  z.object({
    provisioned: z.literal(true),
    /** False: the hub could not be reached; the station enrolls at its first contact. */
    checked: z.boolean(),
    siteName: z.string().nullable(),
    /** The station starts again to take the configuration (the screen says so). */
    restarting: z.boolean(),
  }),
  z.object({ problems: z.array(provisionProblemSchema) }),
]);

/** The wizard's fields, as typed; the station validates them and names each problem. */
const provisionInputSchema = z.strictObject({
  hubUrl: z.string().max(500),
  siteCode: z.string().max(100),
  enrollmentToken: z.string().max(500),
  classroomName: z.string().max(200),
  technicianPin: z.string().max(20),
  kioskPort: z.number().int().optional(),
});

export const technicianChannels = {
  // Whether the page needs a PIN: an unprovisioned (demo) station has none to ask for. What a
  // provisioning file found on a USB drive at start did (its problems, when it was refused).
  'technician.status': {
    input: noInput,
    output: z.object({
      provisioned: z.boolean(),
      technicianPinSet: z.boolean(),
      bootProvisioning: z.object({ file: z.string(), problems: z.array(provisionProblemSchema) }).nullable(),
      /** The disk was copied from another station's PC: recording stopped until it re-enrolls. */
      cloned: z.boolean(),
      /** The hub refused the configured token at first contact: the wizard is offered again. */
      enrollmentRefused: z.boolean(),
      // The hub's update feed as last read: a release waiting for this station, or why not.
      update: z.object({
        state: z.enum([
          'unchecked',
          'none',
          'offered',
          'current',
          'not_for_site',
          'other_platform',
          'untrusted',
          'unreachable',
        ]),
        version: z.string().nullable(),
      }),
    }),
  },
  // The first-run wizard: the station's screen provisions it (hub asked first).
  'technician.provision': {
    input: z.strictObject({ technicianSession: technicianSessionSchema, input: provisionInputSchema }),
    output: refusable(provisionOutcomeSchema),
  },
  // A disk copied from another station (health: enrollment-cloned) becomes a station of its
  // own: a new token from the hub, then a new key and an empty ledger at the next start.
  'technician.reenrolAsNew': {
    input: z.strictObject({ technicianSession: technicianSessionSchema, enrollmentToken: z.string().max(500) }),
    output: refusable(provisionOutcomeSchema),
  },
  // The same from lectern-provision.json on a USB drive.
  'technician.provisionFromUsb': {
    input: z.strictObject({ technicianSession: technicianSessionSchema }),
    output: refusable(z.union([provisionOutcomeSchema, z.object({ noFile: z.literal(true) })])),
  },
  'technician.unlock': {
    input: z.strictObject({ pin: pinSchema }),
    output: refusable(
      z.strictObject({ technicianSession: technicianSessionSchema, idleTimeoutMs: z.number().int().positive() }),
    ),
  },
  'technician.lock': {
    input: z.strictObject({ technicianSession: technicianSessionSchema }),
    output: z.strictObject({ locked: z.literal(true) }),
  },
  'technician.organisers': {
    input: z.strictObject({ technicianSession: technicianSessionSchema }),
    output: refusable(z.object({ organisers: z.array(organiserRowSchema) })),
  },
  // Sets the PIN this station accepts for the organiser (over the hub's), lifts their
  // lockout and ends their open sessions.
  'technician.setOrganiserPin': {
    input: z.strictObject({
      technicianSession: technicianSessionSchema,
      learnerId: z.string().min(1).max(100),
      pin: pinSchema,
    }),
    output: refusable(z.strictObject({ pinSet: z.literal(true) })),
  },
  'technician.clearLockout': {
    input: z.strictObject({ technicianSession: technicianSessionSchema, learnerId: z.string().min(1).max(100) }),
    output: refusable(z.strictObject({ cleared: z.literal(true) })),
  },
  // Writes the diagnostic bundle to a USB drive when one is mounted, else the data folder.
  'technician.diagnostics': {
    input: z.strictObject({ technicianSession: technicianSessionSchema }),
    output: refusable(z.strictObject({ path: z.string(), files: z.array(z.string()) })),
  },
} as const;

export const technicianEvents = {
  // The technician's key chord (Ctrl+Alt+Shift+T), caught by the Electron shell before the page
  // sees it: the screen opens the technician page.
  'technician.open': z.object({}).strict(),
} as const;
