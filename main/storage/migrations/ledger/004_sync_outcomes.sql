-- What the hub said about the events it was sent, kept beside them (main/hub-link/):
-- never edited, never removed, shown to the technician.

-- Events the hub holds apart and does not count (protocol §7 `rejected`): its code and
-- reason. The outbox moves past them; the events after them are delivered as usual.
CREATE TABLE sync_quarantine (
  seq         INTEGER PRIMARY KEY,
  event_id    TEXT NOT NULL,
  code        TEXT NOT NULL,
  message     TEXT NOT NULL,
  reported_at INTEGER NOT NULL -- Unix ms, station clock
) STRICT;
CREATE TRIGGER sync_quarantine_no_update BEFORE UPDATE ON sync_quarantine BEGIN
  SELECT RAISE(ABORT, 'a quarantined event is kept as the hub reported it');
END;
CREATE TRIGGER sync_quarantine_no_delete BEFORE DELETE ON sync_quarantine BEGIN
  SELECT RAISE(ABORT, 'quarantined events are kept');
END;

-- Conflicts the hub reported (protocol §7 `conflicts`): it holds another event at this
-- sequence or under this id. Both sides keep theirs; a person must look.
CREATE TABLE sync_conflicts (
  seq           INTEGER NOT NULL,
  event_id      TEXT NOT NULL,
  reason        TEXT NOT NULL,
  held_hash     TEXT NOT NULL,
  received_hash TEXT NOT NULL,
  reported_at   INTEGER NOT NULL, -- Unix ms, station clock
  PRIMARY KEY (seq, reason, held_hash)
) STRICT;
CREATE TRIGGER sync_conflicts_no_update BEFORE UPDATE ON sync_conflicts BEGIN
  SELECT RAISE(ABORT, 'a conflict is kept as the hub reported it');
END;
CREATE TRIGGER sync_conflicts_no_delete BEFORE DELETE ON sync_conflicts BEGIN
  SELECT RAISE(ABORT, 'conflicts are kept');
END;
