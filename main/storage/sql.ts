// The one way the station runs SQL: plain functions `(db, …args)` (Signal Desktop's
// ts/sql/server style) that fetch their statement through prepared(). A statement is
// compiled once per database and SQL text, because compiling costs as much as running the
// small queries a tap or a screen makes. SQL built from a bounded set of fragments (a filter
// present or not) caches one statement per variant; never build SQL from input values.
import type Database from 'better-sqlite3';

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared<Params extends unknown[] = unknown[], Row = unknown>(
  db: Database.Database,
  sql: string,
): Database.Statement<Params, Row> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement as Database.Statement<Params, Row>;
}
