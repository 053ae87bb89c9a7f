-- The catalogue cache's own bookkeeping. Course tables arrive with the library issue; this
-- database is disposable and can always be rebuilt from the hub.
CREATE TABLE cache_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
