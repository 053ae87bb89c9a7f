-- A learner's sessions without reading the ledger (learner.summary, main/classroom/hours.ts):
-- the sessions that name the learner, and the sessions where a card the roster did not know
-- yet was tapped — found by its keyed hash, which the roster now gives the learner. Both are
-- covering: the session ids come out of the index alone.
CREATE INDEX events_learner_sessions ON events (learner_id, session_id) WHERE learner_id IS NOT NULL;
CREATE INDEX events_unknown_card_sessions ON events (json_extract(payload, '$.cardHash'), session_id)
  WHERE type IN ('check_in.unknown_card', 'check_out.unknown_card');
