import { z } from 'zod';

/** Channels that take no arguments still refuse unknown fields. */
export const noInput = z.object({}).strict();
