// The projector window's display as the station knows it: the displays the Electron shell
// reports, the display the window is on now, and the technician's choice — kept in
// <data>/audience-display.json (written durably) so it survives a restart. The browser shell
// reports nothing: there the organiser opens the projector window and places it.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurablySync } from '../../common/node/durable-file.ts';
import type { DisplaysView } from '../../preload/contract/channels.ts';
import { ContractError } from '../../preload/contract/errors.ts';
import type { Logger } from '../runtime/logger.ts';
import { AUTO, keyDisplays, NONE, type AudienceChoice, type DisplayInfo } from './kiosk/audience-display.ts';

const FILE = 'audience-display.json';
const FileSchema = z.object({ choice: z.string().min(1).max(300) });

export interface AudienceDisplays {
  view(): DisplaysView;
  choice(): AudienceChoice;
  /** The technician's choice: 'auto', 'none' or a display key; refuses a key of no display seen. */
  choose(choice: AudienceChoice): DisplaysView;
  /** The Electron shell: the displays it sees and the key of the one the window is on. */
  report(displays: readonly DisplayInfo[], current: string | null): void;
  subscribe(listener: (view: DisplaysView) => void): () => void;
}

export function createAudienceDisplays(dataDir: string, log: Logger): AudienceDisplays {
  const file = path.join(dataDir, FILE);
  let choice: AudienceChoice = AUTO;
  try {
    choice = FileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).choice;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      log.warn('display.choice_unreadable', { file, error: String(error) });
  }
  let managed = false;
  let displays: DisplaysView['displays'] = [];
  let current: string | null = null;
  const listeners = new Set<(view: DisplaysView) => void>();

  const view = (): DisplaysView => ({ managed, displays, choice, current });
  const changed = () => {
    const now = view();
    for (const listener of listeners) listener(now);
  };

  return {
    view,
    choice: () => choice,
    choose(next) {
      if (next !== AUTO && next !== NONE && !displays.some((display) => display.key === next && !display.primary))
        throw new ContractError({ code: 'VALIDATION', message: `No secondary display ${next} is connected` });
      choice = next;
      writeFileDurablySync(file, JSON.stringify({ choice }) + '\n');
      log.info('display.audience_chosen', { choice });
      changed();
      return view();
    },
    report(seen, on) {
      managed = true;
      displays = keyDisplays(seen).map((display) => ({
        key: display.key,
        label: display.label,
        width: display.bounds.width,
        height: display.bounds.height,
        primary: display.primary,
        internal: display.internal,
      }));
      current = on;
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
