-- The offline course library: the hub's pull streams (protocol/wire.ts STREAMS) cached
-- record by record, with the cursor each stream has been applied up to. Everything here can
-- be rebuilt from the hub by pulling from an empty cursor.
--
-- Tables searched with FTS5 carry an INTEGER PRIMARY KEY `seq` beside the hub's text id:
-- the FTS5 indexes are keyed by rowid, and VACUUM may renumber the implicit rowid of a
-- table that has no INTEGER PRIMARY KEY, which would silently detach the index.

CREATE TABLE categories (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sort INTEGER NOT NULL
) STRICT;

CREATE TABLE courses (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  category_id  TEXT NOT NULL,
  title        TEXT NOT NULL,
  teacher      TEXT NOT NULL,
  summary      TEXT NOT NULL,
  credit_hours REAL NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX courses_by_category ON courses (category_id, title);

CREATE TABLE lessons (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  course_id    TEXT NOT NULL,
  title        TEXT NOT NULL,
  teacher      TEXT NOT NULL,
  summary      TEXT NOT NULL,
  duration_sec REAL NOT NULL,
  credit_hours REAL NOT NULL,
  sort         INTEGER NOT NULL,
  -- NULL media: the recording is not published yet; the lesson is listed but cannot play.
  media_sha256 TEXT,
  media_size   INTEGER,
  media_type   TEXT
) STRICT;
CREATE INDEX lessons_by_course ON lessons (course_id, sort);
CREATE INDEX lessons_by_media ON lessons (media_sha256) WHERE media_sha256 IS NOT NULL;

-- The site's roster. Only the keyed card hash is known here, never a card number.
CREATE TABLE learners (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  unit      TEXT NOT NULL,
  level     TEXT NOT NULL,
  card_hash TEXT NOT NULL
) STRICT;
CREATE INDEX learners_by_card_hash ON learners (card_hash);

CREATE TABLE schedule (
  id         TEXT PRIMARY KEY,
  title      TEXT NOT NULL,
  date       TEXT NOT NULL,
  starts_at  TEXT NOT NULL,
  ends_at    TEXT NOT NULL,
  organiser  TEXT NOT NULL,
  lesson_ids TEXT NOT NULL -- JSON array of lesson ids, in order
) STRICT;
CREATE INDEX schedule_by_date ON schedule (date, starts_at);

CREATE TABLE live_channels (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  url       TEXT NOT NULL,
  format    TEXT NOT NULL,
  has_audio INTEGER NOT NULL,
  has_video INTEGER NOT NULL
) STRICT;

-- Published hour rule sets, one row per version, kept whole as the hub signed them off.
CREATE TABLE hour_rules (
  id      TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  body    TEXT NOT NULL -- JSON RuleSet
) STRICT;

-- How far each stream has been applied. Written in the same transaction as the page it
-- follows, so a crash mid-apply repeats the page instead of skipping it.
CREATE TABLE stream_cursors (
  stream     TEXT PRIMARY KEY,
  cursor     TEXT NOT NULL,
  applied_at INTEGER NOT NULL -- Unix ms, station clock
) STRICT;

-- Substring search. The trigram tokenizer indexes every 3-character window, so a MATCH finds
-- 党史专 inside 中国共产党党史专题 — but a query shorter than 3 characters has no trigram
-- and matches nothing. The *_chars tables index every character as its own token (the
-- station writes the text with a space between characters), so a 1- or 2-character query
-- becomes an indexed phrase query instead of a scan (main/catalog/search.ts).
--
-- All four are contentless (the text lives in courses/lessons; rows are found by rowid =
-- seq) and are written by the station in the same transaction as the row they index
-- (main/catalog/apply.ts), not by triggers: a trigger's statement savepoint makes FTS5 flush
-- its pending index at every row, which made a full catalogue apply four times slower.
CREATE VIRTUAL TABLE courses_fts USING fts5(title, teacher, summary, content = '', contentless_delete = 1, tokenize = 'trigram');
CREATE VIRTUAL TABLE lessons_fts USING fts5(title, content = '', contentless_delete = 1, tokenize = 'trigram');
CREATE VIRTUAL TABLE courses_chars USING fts5(title, teacher, summary, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE lessons_chars USING fts5(title, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
