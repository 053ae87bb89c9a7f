// Channels of the classroom's devices: the projector and the card readers. The technician's
// device page reads their live state, saves their configuration, searches the LAN for PJLink
// projectors and tests them; the organiser switches the projector from the class screen
// (behind the organiser session). A device's failure is not a contract error: answers carry
// it as `outcome`, a code from common/devices.ts the screens word.
import { z } from 'zod';
import { DEVICE_ERROR_CODES, INPUT_PATTERN, SERIAL_COMMAND_SETS, UID_FORMATS } from '../../../common/devices.ts';
import { refusable } from './classroom.ts';
import { noInput } from './no-input.ts';
import { technicianSessionSchema } from './technician.ts';

const organiserSessionSchema = z.string().min(16).max(128);
const nameSchema = z.string().trim().min(1).max(40);
const inputSchema = z.string().regex(INPUT_PATTERN, 'an input such as hdmi1 or computer1');
const idSchema = z.string().regex(/^[a-z0-9-]{1,40}$/);
/** A serial port: /dev/ttyUSB0, /dev/serial/by-id/…, COM3. */
const serialPathSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^(\/|COM\d+$)/, 'a serial port such as /dev/ttyUSB0 or COM3');
const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, 'an IP address or host name');
const usbIdSchema = z.number().int().min(0).max(0xffff);

export const projectorConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('pjlink'),
    name: nameSchema,
    host: hostSchema,
    port: z.number().int().min(1).max(65535).default(4352),
    /** Write-only: the configuration the station shows says only whether one is set. */
    password: z.string().max(32).nullable().default(null),
  }),
  z.strictObject({
    kind: z.literal('serial'),
    name: nameSchema,
    commandSet: z.enum(SERIAL_COMMAND_SETS),
    path: serialPathSchema,
    baudRate: z.number().int().min(1200).max(921600).nullable().default(null),
  }),
  z.strictObject({ kind: z.literal('simulated'), name: nameSchema }),
]);

export const readerConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('hid'),
    id: idSchema,
    name: nameSchema,
    vendorId: usbIdSchema,
    productId: usbIdSchema,
    format: z.enum(['keyboard', 'ascii', 'uid']).default('keyboard'),
    /** Bytes to skip at the start of each report (a report id). */
    offset: z.number().int().min(0).max(63).default(0),
    /** The UID's length in bytes, for the `uid` format. */
    uidLength: z.number().int().min(4).max(10).default(4),
    uidFormat: z.enum(UID_FORMATS).default('hex'),
  }),
  z.strictObject({
    kind: z.literal('id_card'),
    id: idSchema,
    name: nameSchema,
    path: serialPathSchema,
    baudRate: z.number().int().min(9600).max(921600).default(115200),
  }),
  z.strictObject({
    kind: z.literal('pcsc'),
    id: idSchema,
    name: nameSchema,
    readerName: z.string().trim().max(100).default(''),
    uidFormat: z.enum(UID_FORMATS).default('hex'),
  }),
]);

export const automationSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** On this long before a scheduled class begins. */
  leadMinutes: z.number().int().min(0).max(60).default(10),
  /** Off this long after a class ends (and none follows soon). */
  offDelayMinutes: z.number().int().min(0).max(120).default(5),
  /** The input a class shows; null leaves the input alone. */
  input: inputSchema.nullable().default('hdmi1'),
});

export const deviceConfigSchema = z.strictObject({
  projector: projectorConfigSchema.nullable().default(null),
  readers: z
    .array(readerConfigSchema)
    .max(8)
    .refine(
      (readers) => new Set(readers.map((reader) => reader.id)).size === readers.length,
      'each reader needs its own id',
    )
    .default([]),
  automation: automationSchema.default({ enabled: true, leadMinutes: 10, offDelayMinutes: 5, input: 'hdmi1' }),
});
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;
export type DeviceConfigInput = z.input<typeof deviceConfigSchema>;

/** The configuration as screens see it: a PJLink password is never sent back, only whether one is set. */
const deviceConfigViewSchema = deviceConfigSchema.extend({
  projector: z
    .union([
      projectorConfigSchema.options[0].omit({ password: true }).extend({ passwordSet: z.boolean() }),
      projectorConfigSchema.options[1],
      projectorConfigSchema.options[2],
    ])
    .nullable(),
});
export type DeviceConfigView = z.infer<typeof deviceConfigViewSchema>;

/** The configuration a screen saves: a PJLink password left out keeps the one saved, null removes it. */
const deviceConfigSaveSchema = deviceConfigSchema.extend({
  projector: z
    .union([
      projectorConfigSchema.options[0].extend({ password: z.string().max(32).nullable().optional() }),
      projectorConfigSchema.options[1],
      projectorConfigSchema.options[2],
    ])
    .nullable()
    .default(null),
});
export type DeviceConfigSave = z.infer<typeof deviceConfigSaveSchema>;

const deviceErrorSchema = z.object({ code: z.enum(DEVICE_ERROR_CODES), message: z.string(), at: z.number() });
const partHealthSchema = z.enum(['ok', 'warning', 'error']).nullable();

const projectorViewSchema = z.object({
  name: z.string(),
  kind: z.enum(['pjlink', 'serial', 'simulated']),
  /** ok: answered last time; error: did not (see lastError); unknown: not asked yet. */
  state: z.enum(['ok', 'error', 'unknown']),
  power: z.enum(['off', 'on', 'warming', 'cooling']).nullable(),
  input: z.string().nullable(),
  muted: z.boolean().nullable(),
  lampHours: z.array(z.number()),
  filterHours: z.number().nullable(),
  health: z.object({
    fan: partHealthSchema,
    lamp: partHealthSchema,
    temperature: partHealthSchema,
    cover: partHealthSchema,
    filter: partHealthSchema,
    other: partHealthSchema,
  }),
  model: z.string().nullable(),
  inputs: z.array(z.string()),
  /** What the projector calls its inputs, where it says (PJLink class 2). */
  inputNames: z.record(z.string(), z.string()),
  /** PJLink class 2: for the technician ordering parts. */
  serialNumber: z.string().nullable(),
  lampModel: z.string().nullable(),
  filterModel: z.string().nullable(),
  checkedAt: z.number().nullable(),
  lastError: deviceErrorSchema.nullable(),
});
export type ProjectorView = z.infer<typeof projectorViewSchema>;

const readerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['wedge', 'simulated', 'hid', 'id_card', 'pcsc']),
  connected: z.boolean(),
  lastReadAt: z.number().nullable(),
  lastError: deviceErrorSchema.nullable(),
});
export type ReaderView = z.infer<typeof readerViewSchema>;

/** The last card any reader read: masked, as a screen may show it. */
const lastReadSchema = z.object({
  reader: z.string(),
  readerKind: z.enum(['wedge', 'simulated', 'hid', 'id_card', 'pcsc']),
  kind: z.enum(['card', 'id_card']),
  masked: z.string(),
  /** A resident ID card's holder, masked (张*). */
  holder: z.string().nullable(),
  at: z.number(),
});

const automationViewSchema = z.object({
  enabled: z.boolean(),
  /** What the automation does next and when (station clock), or null. */
  next: z.object({ action: z.enum(['power_on', 'power_off']), at: z.number(), title: z.string() }).nullable(),
  last: z
    .object({
      action: z.enum(['power_on', 'select_input', 'power_off']),
      at: z.number(),
      outcome: z.union([z.literal('ok'), z.enum(DEVICE_ERROR_CODES)]),
    })
    .nullable(),
});

const devicesViewSchema = z.object({
  projector: projectorViewSchema.nullable(),
  readers: z.array(readerViewSchema),
  lastRead: lastReadSchema.nullable(),
  automation: automationViewSchema,
  /** The saved configuration could not be read: moved aside intact to this file, no devices configured. */
  configProblem: z.object({ movedTo: z.string() }).nullable(),
});
export type DevicesView = z.infer<typeof devicesViewSchema>;

export const PROJECTOR_ACTIONS = ['status', 'on', 'off', 'mute', 'unmute', 'input'] as const;
export type ProjectorAction = (typeof PROJECTOR_ACTIONS)[number];

/** A projector command; `input` names the input for the `input` action. Flat, so an organiser call carries its session beside it. */
const projectorCommand = { action: z.enum(PROJECTOR_ACTIONS), input: inputSchema.optional() };
const needsInput = (command: { action: ProjectorAction; input?: string }) =>
  command.action !== 'input' || command.input !== undefined;
const inputRequired = { message: 'the input action needs an input', path: ['input'] };

/** What a projector command came to, and the projector as it is afterwards. */
const projectorOutcomeSchema = z.object({
  outcome: z.union([z.literal('ok'), z.literal('not_configured'), z.enum(DEVICE_ERROR_CODES)]),
  message: z.string().nullable(),
  projector: projectorViewSchema.nullable(),
});
export type ProjectorOutcome = z.infer<typeof projectorOutcomeSchema>;

const technicianOnly = z.strictObject({ technicianSession: technicianSessionSchema });
const refusedSessionSchema = z.strictObject({ refused: z.literal('organiser_session_expired') });

export const devicesChannels = {
  'devices.status': { input: noInput, output: devicesViewSchema },
  // The settings and the tests are the technician's: each call carries the technician session.
  'devices.config': { input: technicianOnly, output: refusable(deviceConfigViewSchema) },
  'devices.saveConfig': {
    input: z.strictObject({ technicianSession: technicianSessionSchema, config: deviceConfigSaveSchema }),
    output: refusable(deviceConfigViewSchema),
  },
  // Sends the PJLink search (UDP %2SRCH) to the station's own subnets: only when asked.
  'devices.discover': {
    input: technicianOnly,
    output: refusable(
      z.object({
        found: z.array(
          z.object({
            address: z.string(),
            mac: z.string(),
            name: z.string().nullable(),
            model: z.string().nullable(),
            /** Whether the projector asks for a PJLink password. */
            needsPassword: z.boolean(),
          }),
        ),
      }),
    ),
  },
  'devices.testProjector': {
    input: z
      .strictObject({ technicianSession: technicianSessionSchema, ...projectorCommand })
      .refine(needsInput, inputRequired),
    output: refusable(projectorOutcomeSchema),
  },
  // The organiser's projector controls on the class screen.
  'organiser.projector': {
    input: z.strictObject({ organiserSession: organiserSessionSchema }),
    output: z.union([refusedSessionSchema, projectorOutcomeSchema]),
  },
  'organiser.projectorControl': {
    input: z
      .strictObject({ organiserSession: organiserSessionSchema, ...projectorCommand })
      .refine(needsInput, inputRequired),
    output: z.union([refusedSessionSchema, projectorOutcomeSchema]),
  },
} as const;

export const devicesEvents = {
  'devices.changed': devicesViewSchema,
} as const;
