-- Facts about this station that must survive as long as its learning records: the station
-- id given at enrollment, and later the hub's key and clock offset.
CREATE TABLE station_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
