// Test support: a real catalog.db in a temp data folder, migrated like a station's.
import type { TestContext } from 'node:test';
import type Database from 'better-sqlite3';
import { tempDir } from '../../../../test/support/temp-dir.ts';
import { silentLogger } from '../../../runtime/logger.ts';
import { openCatalog } from '../../../storage/station-databases.ts';

export function testCatalog(t: TestContext): { dataDir: string; db: Database.Database } {
  const dataDir = tempDir(t);
  const { db } = openCatalog(dataDir, silentLogger);
  t.after(() => db.close());
  return { dataDir, db };
}
