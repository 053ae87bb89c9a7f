// The ledger's schema, checked against what its migrations define every time it is opened.
// The append-only guarantees live in triggers (events_no_update, events_no_delete,
// events_chain, the outbox's): anyone with the file can drop them with the sqlite3 shell,
// and the station would then record on as if nothing had happened. So the schema is
// compared object by object (type, table, SQL text) with a database built in memory from the
// same migration files:
//   - triggers, indexes and views that are missing, altered or extra are put back as the
//     migrations define them (repaired) — they hold no data, so nothing is lost — and the
//     station says so and verifies the whole chain before recording;
//   - tables that are missing, altered or extra cannot be put back without touching records:
//     the schema is reported as mismatched and the station refuses to record.
// Objects SQLite makes itself (sqlite_*, automatic indexes) are left out: they follow from
// the tables.
import Database from 'better-sqlite3';
import type { Migration } from './migrate.ts';

export type SchemaCheck =
  { state: 'sound' } | { state: 'repaired'; objects: string[] } | { state: 'mismatch'; objects: string[] };

type SchemaObject = { type: string; name: string; tbl_name: string; sql: string };

function schemaObjects(db: Database.Database): Map<string, SchemaObject> {
  const rows = db
    .prepare(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql IS NOT NULL",
    )
    .all() as SchemaObject[];
  return new Map(rows.map((row) => [row.name, row]));
}

const expectedByMigrations = new WeakMap<readonly Migration[], Map<string, SchemaObject>>();

/** The schema the migrations build, from a database made in memory (once per migration list). */
function expectedSchema(migrations: readonly Migration[]): Map<string, SchemaObject> {
  let expected = expectedByMigrations.get(migrations);
  if (!expected) {
    const memory = new Database(':memory:');
    try {
      for (const migration of migrations) memory.exec(migration.sql);
      expected = schemaObjects(memory);
    } finally {
      memory.close();
    }
    expectedByMigrations.set(migrations, expected);
  }
  return expected;
}

const same = (a: SchemaObject | undefined, b: SchemaObject | undefined) =>
  a !== undefined && b !== undefined && a.type === b.type && a.tbl_name === b.tbl_name && a.sql === b.sql;

/**
 * Compares a migrated ledger's schema with its migrations' and repairs what can be repaired
 * without touching a row, in one transaction. Returns what it found, naming the objects.
 */
export function checkLedgerSchema(db: Database.Database, migrations: readonly Migration[]): SchemaCheck {
  const expected = expectedSchema(migrations);
  const actual = schemaObjects(db);
  const differing = [...new Set([...expected.keys(), ...actual.keys()])]
    .filter((name) => !same(expected.get(name), actual.get(name)))
    .sort();
  if (differing.length === 0) return { state: 'sound' };
  const isTable = (name: string) => expected.get(name)?.type === 'table' || actual.get(name)?.type === 'table';
  const tables = differing.filter(isTable);
  if (tables.length > 0) return { state: 'mismatch', objects: tables };
  db.transaction(() => {
    for (const name of differing) {
      const found = actual.get(name);
      if (found) db.exec(`DROP ${found.type.toUpperCase()} "${name.replaceAll('"', '""')}"`);
    }
    // Indexes before triggers: a trigger's body may rely on an index existing.
    const order = { index: 0, view: 1, trigger: 2 } as Record<string, number>;
    const missing = differing
      .map((name) => expected.get(name))
      .filter((object): object is SchemaObject => object !== undefined)
      .sort((a, b) => (order[a.type] ?? 3) - (order[b.type] ?? 3));
    for (const object of missing) db.exec(object.sql);
  })();
  return { state: 'repaired', objects: differing };
}
