// Device words shared by the technician's page and the organiser's controls: a device
// error's code in the catalogue's words, the power state, the parts in trouble.
import type { ProjectorOutcome, ProjectorView } from '../../../../preload/contract/channels.ts';
import type { MessageKey } from '../../i18n/messages.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function outcomeText(t: Translate, outcome: ProjectorOutcome['outcome']): string {
  return outcome === 'ok' ? t('devices.done') : t(`devices.error.${outcome}`);
}

export function powerText(t: Translate, power: ProjectorView['power']): string {
  return t(`devices.power.${power ?? 'unknown'}`);
}

export function healthIssues(t: Translate, projector: ProjectorView): string[] {
  return Object.entries(projector.health)
    .filter(
      (entry): entry is [keyof ProjectorView['health'], 'warning' | 'error'] =>
        entry[1] === 'warning' || entry[1] === 'error',
    )
    .map(([part, health]) => t(`devices.health.${health}`, { part: t(`devices.part.${part}`) }));
}

/** `hdmi1` → `HDMI 1`, `computer2` → `电脑 2`: input names as the projector's remote shows them. */
export function inputLabel(input: string): string {
  const match = /^([a-z]+)(\w)$/.exec(input);
  if (!match) return input;
  const names: Record<string, string> = {
    hdmi: 'HDMI',
    computer: 'VGA',
    video: 'Video',
    usb: 'USB',
    network: 'LAN',
    internal: 'Internal',
  };
  return `${names[match[1]!] ?? match[1]} ${match[2]}`;
}
