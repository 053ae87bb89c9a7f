// The domain's deliberate refusals (ClassroomError) become `{ refused: code }` answers; any
// other failure stays a failure for the router to report.
import type { Refusal } from '../../preload/contract/channels.ts';
import { ClassroomError } from './classroom.ts';

export type Refused = { refused: Refusal };

export function refused(reason: Refusal): Refused {
  return { refused: reason };
}

export function refusing<T>(action: () => T): T | Refused {
  try {
    return action();
  } catch (error) {
    if (error instanceof ClassroomError) return refused(error.code);
    throw error;
  }
}
