// Opens a SQLite file and proves it is sound before anyone reads or writes it.
import Database from 'better-sqlite3';

export type CheckedOpen = { ok: true; db: Database.Database } | { ok: false; reason: string };

/**
 * integrity_check reads every page and checks every index against its table; quick_check
 * reads every page too but skips the index comparison, which on ledger.db (indexes over
 * JSON in the payload) is most of the cost: 0.3 s against 1–2 s at 100,000 events. The
 * ledger opens with quick_check and runs integrity_check in the background
 * (main/ledger/verification.ts).
 */
export type IntegrityPragma = 'integrity_check' | 'quick_check';

export function openAndCheck(file: string, pragma: IntegrityPragma = 'integrity_check'): CheckedOpen {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    // A damaged header throws SQLITE_NOTADB here, damaged pages are listed as rows or throw
    // SQLITE_CORRUPT.
    const problems = integrityProblems(db, pragma);
    if (problems.length > 0) {
      db.close();
      return { ok: false, reason: problems.slice(0, 5).join('; ') };
    }
    return { ok: true, db };
  } catch (error) {
    db?.close();
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** What integrity_check (or quick_check) finds wrong: empty when the database is sound. */
export function integrityProblems(db: Database.Database, pragma: IntegrityPragma = 'integrity_check'): string[] {
  const rows = db.pragma(pragma, { simple: false }) as Record<string, string>[];
  return rows.map((row) => Object.values(row)[0]!).filter((line) => line !== 'ok');
}

/** The files SQLite keeps beside a database in WAL mode; all of them belong to it. */
export function databaseFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`];
}
