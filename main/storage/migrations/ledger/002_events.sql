-- The learning-records ledger (main/ledger/): signed, chained events, append-only, plus the
-- few mutable things that sit beside them but are not records themselves.

-- One row per protocol event (protocol/events.ts SignedEvent), column for column, so the
-- event rebuilt from a row hashes to what was signed. `seq` is the rowid: per station,
-- contiguous from 1. session_id and learner_id are read out of the payload (never stored
-- twice, so they cannot disagree with what was signed) to find a session's or a learner's
-- events without a scan.
CREATE TABLE events (
  seq           INTEGER PRIMARY KEY CHECK (seq >= 1),
  id            TEXT NOT NULL UNIQUE,
  v             INTEGER NOT NULL,
  station_id    TEXT NOT NULL,
  type          TEXT NOT NULL,
  payload       TEXT NOT NULL,  -- JSON
  wall_time     INTEGER NOT NULL, -- Unix ms, station clock
  boot_id       TEXT NOT NULL,
  mono_ms       REAL NOT NULL,
  hub_offset_ms INTEGER NOT NULL,
  rule_version  INTEGER NOT NULL,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL UNIQUE,
  sig           TEXT NOT NULL,
  session_id    TEXT GENERATED ALWAYS AS (json_extract(payload, '$.sessionId')) VIRTUAL,
  learner_id    TEXT GENERATED ALWAYS AS (json_extract(payload, '$.learnerId')) VIRTUAL
) STRICT;
CREATE INDEX events_by_session ON events (session_id, seq);
CREATE INDEX events_by_learner ON events (learner_id, seq) WHERE learner_id IS NOT NULL;
-- Which sessions are open: found by type without reading every event of a session.
CREATE INDEX events_by_type ON events (type, session_id);

-- The chain is enforced here as well as in code: a row must continue the sequence and name
-- the hash of the row before it (or the genesis hash), so no code path can leave a gap.
CREATE TRIGGER events_chain BEFORE INSERT ON events
WHEN NEW.seq != COALESCE((SELECT MAX(seq) FROM events), 0) + 1
  OR NEW.prev_hash != COALESCE((SELECT hash FROM events WHERE seq = NEW.seq - 1), '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
  SELECT RAISE(ABORT, 'ledger events must continue the sequence and the hash chain');
END;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN
  SELECT RAISE(ABORT, 'ledger events are append-only: record a correction instead');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN
  SELECT RAISE(ABORT, 'ledger events are append-only: record a correction instead');
END;

-- Sync's cursor: the highest sequence the hub has acknowledged holding, and its hash. One
-- row; it only moves forward and only to an event this ledger holds.
CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  acked_seq  INTEGER NOT NULL,
  acked_hash TEXT NOT NULL,
  acked_at   INTEGER -- Unix ms, station clock
) STRICT;
INSERT INTO outbox (id, acked_seq, acked_hash, acked_at) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL);
CREATE TRIGGER outbox_forward_only BEFORE UPDATE ON outbox
WHEN NEW.acked_seq < OLD.acked_seq
  OR NOT EXISTS (SELECT 1 FROM events WHERE seq = NEW.acked_seq AND hash = NEW.acked_hash)
BEGIN
  SELECT RAISE(ABORT, 'the outbox cursor only moves forward, to an event the ledger holds');
END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox BEGIN
  SELECT RAISE(ABORT, 'the outbox cursor cannot be removed');
END;

-- Discrete player signals (play, pause, seeking, stalled, hidden, ended, …) as the station
-- saw them: not learning records (playback.segment events are), but the evidence behind
-- them, so "why only 40 minutes?" has an answer. Append-only too.
CREATE TABLE playback_log (
  n          INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  source_id  TEXT NOT NULL, -- lesson or live channel id
  signal     TEXT NOT NULL,
  media_s    REAL,
  mono_ms    REAL NOT NULL,
  boot_id    TEXT NOT NULL,
  wall_time  INTEGER NOT NULL
) STRICT;
CREATE INDEX playback_log_by_session ON playback_log (session_id, n);
CREATE TRIGGER playback_log_no_update BEFORE UPDATE ON playback_log BEGIN
  SELECT RAISE(ABORT, 'the playback log is append-only');
END;
CREATE TRIGGER playback_log_no_delete BEFORE DELETE ON playback_log BEGIN
  SELECT RAISE(ABORT, 'the playback log is append-only');
END;

-- Taps of cards the roster does not know: never the card number, only its keyed hash and a
-- masked form for the organiser's screen. The resolution (which learner it was) may be
-- written once, later; the tap itself never changes.
CREATE TABLE pending_cards (
  id                  TEXT PRIMARY KEY, -- UUIDv7
  session_id          TEXT,             -- the class it was tapped in, if one was open
  card_hash           TEXT NOT NULL,
  masked              TEXT NOT NULL,
  wall_time           INTEGER NOT NULL,
  boot_id             TEXT NOT NULL,
  mono_ms             REAL NOT NULL,
  resolved_learner_id TEXT,
  resolved_at         INTEGER
) STRICT;
CREATE INDEX pending_cards_by_hash ON pending_cards (card_hash);
CREATE TRIGGER pending_cards_resolve_once BEFORE UPDATE ON pending_cards
WHEN OLD.resolved_learner_id IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.session_id IS NOT OLD.session_id OR NEW.card_hash IS NOT OLD.card_hash
  OR NEW.masked IS NOT OLD.masked OR NEW.wall_time IS NOT OLD.wall_time OR NEW.boot_id IS NOT OLD.boot_id
  OR NEW.mono_ms IS NOT OLD.mono_ms
BEGIN
  SELECT RAISE(ABORT, 'a pending card tap is kept as tapped; only its resolution is written, once');
END;
CREATE TRIGGER pending_cards_no_delete BEFORE DELETE ON pending_cards BEGIN
  SELECT RAISE(ABORT, 'pending card taps are kept');
END;

-- What a class session plays and when it closes by itself: the plan, not a record (the
-- opening and closing are events). closes_at is the scheduled end plus the grace period.
CREATE TABLE session_plans (
  session_id TEXT PRIMARY KEY,
  lesson_ids TEXT NOT NULL, -- JSON array, in order
  closes_at  INTEGER        -- Unix ms, station clock; NULL: closed by hand only
) STRICT;

-- The organiser PIN as a salted scrypt hash (never the PIN). One row.
CREATE TABLE organiser_pin (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  salt    TEXT NOT NULL, -- base64
  hash    TEXT NOT NULL, -- base64
  params  TEXT NOT NULL, -- JSON {N, r, p, keylen}
  set_at  INTEGER NOT NULL
) STRICT;
