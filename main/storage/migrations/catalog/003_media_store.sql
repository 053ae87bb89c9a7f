-- The media store (main/media/). Files live at <dataDir>/media/<aa>/<sha256>; these rows are
-- only an index of them and of the download queue. Like the rest of catalog.db they may be
-- lost: at start the store rescans the folder and re-adds every file whose hash verifies.
-- Times are Unix milliseconds.
CREATE TABLE media_files (
  sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size         INTEGER NOT NULL CHECK (size >= 0),
  stored_at    INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,   -- eviction order: least recently played first
  verified_at  INTEGER NOT NULL    -- background re-verification takes the oldest first
) STRICT;
CREATE INDEX media_files_by_use ON media_files (last_used_at);
CREATE INDEX media_files_by_verification ON media_files (verified_at);

-- What should be downloaded. `priority`: 0 a lesson scheduled for a class, 1 pinned,
-- 2 an ordinary request. A failed item stays until it is requested again or retried.
CREATE TABLE media_queue (
  sha256        TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size          INTEGER NOT NULL CHECK (size >= 0),
  priority      INTEGER NOT NULL CHECK (priority IN (0, 1, 2)),
  requested_at  INTEGER NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('queued', 'failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  not_before    INTEGER NOT NULL DEFAULT 0,  -- back-off after a transient error
  error_code    TEXT,
  error_message TEXT
) STRICT;
CREATE INDEX media_queue_order ON media_queue (state, priority, requested_at);
