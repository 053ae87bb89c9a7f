-- A learner's sessions without reading the ledger (learner.summary, main/classroom/hours.ts):
-- the sessions that name the learner, and the sessions where a card the roster did not know
-- yet was tapped — found by its keyed hash, which the roster now gives the learner.
-- events_by_learner gains the session between learner and sequence: it still finds a
-- learner's last tap in a session (now by both, in sequence order), and lists their
-- sessions from the index alone, so a tap keeps the same number of indexes to update.
DROP INDEX events_by_learner;
CREATE INDEX events_by_learner ON events (learner_id, session_id, seq) WHERE learner_id IS NOT NULL;
CREATE INDEX events_unknown_card_sessions ON events (json_extract(payload, '$.cardHash'), session_id)
  WHERE type IN ('check_in.unknown_card', 'check_out.unknown_card');
