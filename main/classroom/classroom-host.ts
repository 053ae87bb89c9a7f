// The classroom as the contract sees it: the domain (main/classroom) once the station can
// record, or the reason it cannot. Every write goes through require(), so a quarantined or
// unverified ledger, or a station not enrolled yet, answers LEDGER_UNAVAILABLE instead of
// recording something the hub could never accept.
//
// Besides the domain it keeps the few things only the screens need: the taps of the last
// two minutes (so the learner who just tapped — and only they — can see their summary or
// start self-study), and the publishing of events.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ClassroomStatus, TapView } from '../../preload/contract/channels.ts';
import { ContractError } from '../../preload/contract/errors.ts';
import type { RuleSet } from '../../protocol/hour-rules.ts';
import { currentRuleSet } from '../library/catalog/rule-sets.ts';
import type { LedgerGate } from '../storage/ledger-gate.ts';
import { attendanceOf, tap, type TapResult } from './attendance.ts';
import { learnerById, type Classroom, type Learner } from './classroom.ts';
import { currentClass, getSession, scheduleOfDay } from './sessions.ts';
import { prepared } from '../storage/sql.ts';
import type { EventBus } from '../runtime/event-bus.ts';

export const TAP_MEMORY_MS = 2 * 60_000;

export type RememberedTap = { learner: Learner; cardHash: string | null; at: number };

export type ClassroomHostOptions = {
  bus: EventBus;
  catalog: Database.Database;
  /** ledger.db, or null when it is quarantined. */
  ledgerDb: Database.Database | null;
  /** False when the start-up verification found a bad event. */
  ledgerVerified: boolean;
  /** The switch that stops ledger writes (a failed disk); the screens show its state. */
  ledgerGate?: LedgerGate | null;
  /** Unix ms; injectable for the tap memory's expiry. */
  now?: () => number;
  /** Whether some organiser of the roster can unlock (organiser-pin.ts); false when unknown. */
  organiserPinSet?: () => boolean;
};

export type ClassroomHost = {
  /** The station can record from now on (enrolled, ledger verified). */
  attach(classroom: Classroom): void;
  attached(): Classroom | null;
  /** The classroom, or LEDGER_UNAVAILABLE. */
  require(): Classroom;
  demo: boolean;
  status(): ClassroomStatus;
  /** The rule set in force: the newest the hub published, or the protocol's default. */
  rules(): RuleSet;
  /** A card from any reader: recorded, published, and answered with what the screen confirms. */
  tap(cardNumber: string): TapView;
  /** A tap of the last two minutes by its id, or null. */
  recentTap(tapId: string): RememberedTap | null;
  publishStatus(): void;
  publishAttendance(sessionId: string): void;
  publishAttention(sessionId: string, action: 'prompt' | 'missed' | 'abandoned'): void;
};

export function createClassroomHost(options: ClassroomHostOptions): ClassroomHost {
  const now = options.now ?? Date.now;
  let classroom: Classroom | null = null;
  const taps = new Map<string, RememberedTap>();

  const state = (): ClassroomStatus['state'] => {
    if (!options.ledgerDb) return 'ledger_quarantined';
    if (!options.ledgerVerified) return 'ledger_broken';
    return classroom ? 'ready' : 'not_enrolled';
  };
  // While the gate is closed the classroom still answers reads (a learner's hours, the
  // attendance list); every write is refused by the gate with its own typed error.
  const shownState = (): ClassroomStatus['state'] => {
    const current = state();
    return current === 'ready' && options.ledgerGate && !options.ledgerGate.state.open ? 'ledger_stopped' : current;
  };

  const require = (): Classroom => {
    if (classroom && state() === 'ready') return classroom;
    const reasons = {
      ledger_quarantined: 'The ledger is quarantined; attendance is not recorded until a technician restores it.',
      ledger_broken: 'The ledger failed its verification at start; attendance is not recorded until a technician acts.',
      not_enrolled: 'The station is not enrolled with a hub yet; attendance cannot be recorded.',
      ready: '',
      ledger_stopped: '',
    };
    throw new ContractError({ code: 'LEDGER_UNAVAILABLE', message: reasons[state()] });
  };

  const forget = () => {
    for (const [id, remembered] of taps) if (now() - remembered.at > TAP_MEMORY_MS) taps.delete(id);
  };

  const host: ClassroomHost = {
    demo: false,
    attach(next) {
      classroom = next;
      host.publishStatus();
    },
    attached: () => classroom,
    require,
    status() {
      const ready = classroom && state() === 'ready' ? classroom : null;
      // One station, one screen: at most one learner studies alone at a time.
      const [study] = ready ? ready.selfStudy.entries() : [];
      return {
        state: shownState(),
        demo: host.demo,
        pinSet: options.organiserPinSet?.() ?? false,
        currentClass: ready ? currentClass(ready) : null,
        roomClass: ready ? roomClass(ready) : null,
        zoneOffsetMinutes: host.rules().timeZoneOffsetMinutes,
        selfStudy:
          ready && study
            ? {
                sessionId: study[0],
                learnerName: learnerById(ready, study[1].learnerId)?.name ?? '',
                startedAt: getSession(ready, study[0]).openedAt,
                playing: lessonTitle(ready, ready.players.get(study[0])?.source.lessonId ?? null),
              }
            : null,
      };
    },
    rules: () => currentRuleSet(options.catalog),
    tap(cardNumber) {
      const room = require();
      const result = tap(room, cardNumber);
      const view = toView(room, result, crypto.randomUUID(), now());
      if (result.kind === 'ignored') return view;
      forget();
      if ('learner' in result)
        taps.set(view.tapId, {
          learner: result.learner,
          cardHash: result.kind === 'identified' ? result.cardHash : null,
          at: now(),
        });
      options.bus.publish('classroom.tapped', view);
      if (result.kind === 'checked_in' || result.kind === 'checked_out') host.publishAttendance(result.sessionId);
      if (result.kind === 'self_study_ended') {
        // A learner who checked out of their own session sees nothing left on the screen.
        for (const [id, remembered] of taps)
          if (remembered.learner.id === result.learner.id && id !== view.tapId) taps.delete(id);
      }
      if (result.kind === 'unknown_card' && result.sessionId) host.publishAttendance(result.sessionId);
      if (result.kind === 'self_study_ended') host.publishStatus();
      return view;
    },
    recentTap(tapId) {
      forget();
      return taps.get(tapId) ?? null;
    },
    publishStatus() {
      options.bus.publish('classroom.statusChanged', host.status());
    },
    publishAttendance(sessionId) {
      if (!classroom) return;
      options.bus.publish('classroom.attendanceChanged', {
        sessionId,
        present: attendanceOf(classroom, sessionId).filter((row) => row.present).length,
      });
    },
    publishAttention(sessionId, action) {
      if (!classroom) return;
      options.bus.publish('classroom.attentionPrompt', {
        sessionId,
        action,
        answerWindowS: classroom.attention.answerWindowMs / 1000,
      });
    },
  };
  return host;
}

function toView(classroom: Classroom, result: TapResult, tapId: string, at: number): TapView {
  const sessionId = 'sessionId' in result ? result.sessionId : null;
  return {
    tapId,
    kind: result.kind,
    at,
    learner: 'learner' in result ? { name: result.learner.name, unit: result.learner.unit } : null,
    masked: result.kind === 'unknown_card' ? result.masked : null,
    sessionTitle: sessionId ? getSession(classroom, sessionId).title : null,
    selfStudy: result.kind === 'self_study_ended' ? result.summary : null,
  };
}

/** The class in progress (with its schedule's times if it has one), else the next one scheduled today. */
function roomClass(classroom: Classroom): ClassroomStatus['roomClass'] {
  const offset = classroom.ledger.hubOffsetMs();
  const now = classroom.ledger.clock.wallTime();
  const today = scheduleOfDay(classroom, classroom.calendar.today());
  const lecturer = (lessonIds: string[]) =>
    lessonIds.length === 0
      ? null
      : ((prepared(classroom.catalog, 'SELECT teacher FROM lessons WHERE id = ?', { pluck: true }).get(lessonIds[0]) as
          string | undefined) ?? null);
  const current = currentClass(classroom);
  if (current) {
    const entry = today.find((candidate) => candidate.id === current.scheduleId);
    return {
      kind: 'current',
      title: current.title,
      startsAt: entry ? Date.parse(entry.startsAt) - offset : current.openedAt,
      endsAt: entry ? Date.parse(entry.endsAt) - offset : null,
      lecturer: lecturer(current.lessonIds),
    };
  }
  const next = today.find((entry) => Date.parse(entry.endsAt) - offset > now);
  return next
    ? {
        kind: 'next',
        title: next.title,
        startsAt: Date.parse(next.startsAt) - offset,
        endsAt: Date.parse(next.endsAt) - offset,
        lecturer: lecturer(next.lessonIds),
      }
    : null;
}

function lessonTitle(classroom: Classroom, lessonId: string | null): string | null {
  if (lessonId === null) return null;
  return (
    (prepared(classroom.catalog, 'SELECT title FROM lessons WHERE id = ?', { pluck: true }).get(lessonId) as
      string | undefined) ?? null
  );
}
