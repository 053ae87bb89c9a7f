// When the projector switches by itself, as a pure plan: on `leadMs` before a scheduled class
// begins (or when an organiser opens a class) and on the class's input; off `offDelayMs`
// after the class, unless another class follows within KEEP_ON_GAP_MS (a lamp switched off
// and on again within minutes wears out, and cooling down and warming up take minutes);
// never off while a class is open. Warm-up and cool-down are respected: nothing is switched
// while the projector changes state, the plan waits. The automation acts once per class
// for each step (memory), so a person who switches the projector by hand is not overruled
// a minute later; a step the projector refused is tried again on the next tick.
import type { PowerState } from '../../native/projectors/projector.ts';

/** A class on the station clock: from the schedule, or an organiser's class while it is open. */
export type ClassSlot = { id: string; title: string; startsAt: number; endsAt: number };

export type ClassDay = {
  /** Today's scheduled classes. */
  slots: ClassSlot[];
  /** The class open now (its schedule id when it has one, so both name the same class). */
  openClass: { id: string; title: string } | null;
};

export type AutomationSettings = { enabled: boolean; leadMs: number; offDelayMs: number; input: string | null };

/** Ids of the classes each step was done (or found done) for, and the organisers' classes that closed. */
export type AutomationMemory = {
  poweredOn: Set<string>;
  inputSet: Set<string>;
  poweredOff: Set<string>;
  closed: ClassSlot[];
};

export type AutomationStep =
  | { action: 'power_on' | 'select_input' | 'power_off'; slot: ClassSlot }
  | { action: 'wait'; slot: ClassSlot; reason: 'warming' | 'cooling' }
  | null;

/** A class starting this soon after another ended keeps the projector on. */
export const KEEP_ON_GAP_MS = 20 * 60_000;
/** Classes that ended longer ago than this are past caring about. */
const LOOK_BACK_MS = 3 * 3600_000;

export function createAutomationMemory(): AutomationMemory {
  return { poweredOn: new Set(), inputSet: new Set(), poweredOff: new Set(), closed: [] };
}

/** The class the projector serves now, or null. */
export function activeClass(now: number, day: ClassDay, settings: AutomationSettings): ClassSlot | null {
  if (day.openClass) {
    const scheduled = day.slots.find((slot) => slot.id === day.openClass!.id);
    return scheduled ?? { id: day.openClass.id, title: day.openClass.title, startsAt: now, endsAt: now };
  }
  return day.slots.find((slot) => slot.startsAt - settings.leadMs <= now && now < slot.endsAt) ?? null;
}

/** Each class once, at its latest end: a class an organiser closed late ended when it was closed. */
function classesByEnd(day: ClassDay, memory: AutomationMemory): ClassSlot[] {
  const byId = new Map<string, ClassSlot>();
  for (const slot of [...day.slots, ...memory.closed]) {
    const known = byId.get(slot.id);
    if (!known || slot.endsAt > known.endsAt) byId.set(slot.id, slot);
  }
  return [...byId.values()];
}

/** The class whose end is the reason to switch off now, or null. */
function endedClass(now: number, day: ClassDay, settings: AutomationSettings, memory: AutomationMemory) {
  const ended = classesByEnd(day, memory)
    .filter((slot) => slot.endsAt + settings.offDelayMs <= now && slot.endsAt > now - LOOK_BACK_MS)
    .filter((slot) => !memory.poweredOff.has(slot.id))
    .sort((a, b) => b.endsAt - a.endsAt);
  const last = ended[0];
  if (!last) return null;
  const soon = day.slots.some((slot) => slot.startsAt > now && slot.startsAt - settings.leadMs - now <= KEEP_ON_GAP_MS);
  return soon ? null : last;
}

/**
 * The next step for the projector in `power` state showing `input`. Steps found already done
 * (the projector is on, or off) are written into `memory` here; the caller writes a step it
 * took once the projector accepted it.
 */
export function planProjector(
  now: number,
  day: ClassDay,
  projector: { power: PowerState; input: string | null },
  settings: AutomationSettings,
  memory: AutomationMemory,
): AutomationStep {
  if (!settings.enabled) return null;
  const active = activeClass(now, day, settings);
  if (active) {
    if (!memory.poweredOn.has(active.id)) {
      if (projector.power === 'on' || projector.power === 'warming') memory.poweredOn.add(active.id);
      else if (projector.power === 'cooling') return { action: 'wait', slot: active, reason: 'cooling' };
      else return { action: 'power_on', slot: active };
    }
    if (settings.input === null || memory.inputSet.has(active.id)) return null;
    if (projector.power === 'warming') return { action: 'wait', slot: active, reason: 'warming' };
    if (projector.power !== 'on') return null; // switched off by hand during the class: left so
    if (projector.input === settings.input) {
      memory.inputSet.add(active.id);
      return null;
    }
    return { action: 'select_input', slot: active };
  }
  const ended = endedClass(now, day, settings, memory);
  if (!ended) return null;
  if (projector.power === 'off' || projector.power === 'cooling') {
    memory.poweredOff.add(ended.id);
    return null;
  }
  if (projector.power === 'warming') return { action: 'wait', slot: ended, reason: 'warming' };
  return { action: 'power_off', slot: ended };
}

/** What the automation will do next and when, for the technician's page. */
export function nextAutomation(
  now: number,
  day: ClassDay,
  settings: AutomationSettings,
  memory: AutomationMemory,
): { action: 'power_on' | 'power_off'; at: number; title: string } | null {
  if (!settings.enabled) return null;
  const active = activeClass(now, day, settings);
  if (active) {
    if (!memory.poweredOn.has(active.id)) return { action: 'power_on', at: now, title: active.title };
    if (day.openClass) return null; // off only once the class is closed
    const after = day.slots.find((slot) => slot.startsAt >= active.endsAt);
    if (after && after.startsAt - settings.leadMs - active.endsAt <= KEEP_ON_GAP_MS) return null;
    return { action: 'power_off', at: active.endsAt + settings.offDelayMs, title: active.title };
  }
  const ended = classesByEnd(day, memory).find(
    (slot) => slot.endsAt <= now && now < slot.endsAt + settings.offDelayMs && !memory.poweredOff.has(slot.id),
  );
  if (ended) return { action: 'power_off', at: ended.endsAt + settings.offDelayMs, title: ended.title };
  const upcoming = day.slots
    .filter((slot) => slot.startsAt - settings.leadMs > now)
    .sort((a, b) => a.startsAt - b.startsAt)[0];
  return upcoming ? { action: 'power_on', at: upcoming.startsAt - settings.leadMs, title: upcoming.title } : null;
}
