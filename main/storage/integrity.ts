// Opens a SQLite file and proves it is sound before anyone reads or writes it.
import Database from 'better-sqlite3';

export type CheckedOpen = { ok: true; db: Database.Database } | { ok: false; reason: string };

export function openAndCheck(file: string): CheckedOpen {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    // integrity_check reads every page; a damaged header throws SQLITE_NOTADB here, damaged
    // pages are listed as rows or throw SQLITE_CORRUPT.
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
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

/** The files SQLite keeps beside a database in WAL mode; all of them belong to it. */
export function databaseFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`];
}
