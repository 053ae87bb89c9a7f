// The one way the station runs SQL: plain functions `(db, …args)` (Signal Desktop's
// ts/sql/server style) that fetch their statement through prepared(). A statement is
// compiled once per database, SQL text and mode, because compiling costs as much as running
// the small queries a tap or a screen makes. SQL built from a bounded set of fragments (a
// filter present or not) caches one statement per variant; never build SQL from input values.
//
// A cached statement is shared by every caller of the same SQL, so its mode is fixed when it
// is made: ask for `{ pluck: true }` to get first columns as values. Switching the mode of a
// shared statement (pluck(), raw(), expand()) throws, because it would silently change what
// every other caller of that SQL reads (a `{ seq }` row would become a bare number).
import type Database from 'better-sqlite3';

type Mode = { pluck?: boolean };

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function fixMode(statement: Database.Statement): void {
  const refuse = (method: string) => () => {
    throw new Error(`${method}() on a shared statement from prepared(); pass { pluck: true } to prepared() instead`);
  };
  Object.assign(statement, { pluck: refuse('pluck'), raw: refuse('raw'), expand: refuse('expand') });
}

export function prepared<Params extends unknown[] = unknown[], Row = unknown>(
  db: Database.Database,
  sql: string,
  mode: Mode = {},
): Database.Statement<Params, Row> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  const key = mode.pluck ? `pluck\u0000${sql}` : sql;
  let statement = cache.get(key);
  if (!statement) {
    statement = db.prepare(sql);
    if (mode.pluck) statement.pluck(true);
    fixMode(statement);
    cache.set(key, statement);
  }
  return statement as Database.Statement<Params, Row>;
}
