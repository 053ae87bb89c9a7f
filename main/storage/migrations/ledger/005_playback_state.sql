-- What the projector plays for a class, and where a learner studying alone left each lesson:
-- plans and cursors, not records (what really played is in playback.segment events and the
-- playback log). They sit in the ledger beside session_plans so that a restart resumes the
-- class where it was.

-- A class's playlist: its items in order (lessons and live channels), the item playing or
-- next to play, whether it plays, and where the current lesson stands.
CREATE TABLE playlists (
  session_id TEXT PRIMARY KEY,
  items      TEXT NOT NULL,    -- JSON [{ key, kind: 'lesson' | 'live', id }], in order
  current    INTEGER NOT NULL, -- index into items; = the number of items once finished
  state      TEXT NOT NULL CHECK (state IN ('stopped', 'playing', 'paused', 'finished')),
  position_s REAL NOT NULL,    -- media seconds of the current lesson
  updated_at INTEGER NOT NULL  -- Unix ms, station clock
) STRICT;

-- A learner's place in each lesson they studied alone, to resume there.
CREATE TABLE lesson_positions (
  learner_id TEXT NOT NULL,
  lesson_id  TEXT NOT NULL,
  position_s REAL NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (learner_id, lesson_id)
) STRICT;

-- The playback log of a day (节目播放记录) is read by time, not by session, and says whether
-- each source was a lesson or a live channel (NULL in rows written before this migration).
CREATE INDEX playback_log_by_time ON playback_log (wall_time);
ALTER TABLE playback_log ADD COLUMN source_kind TEXT CHECK (source_kind IN ('lesson', 'live'));
