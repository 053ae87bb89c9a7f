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
import { currentClass, getSession } from './sessions.ts';
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
  publishAttention(sessionId: string, action: 'prompt' | 'missed'): void;
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
        selfStudy:
          ready && study
            ? {
                sessionId: study[0],
                learnerName: learnerById(ready, study[1].learnerId)?.name ?? '',
                startedAt: getSession(ready, study[0]).openedAt,
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
  };
}
