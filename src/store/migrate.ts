import type Database from 'better-sqlite3';
import { ResultStoreError } from '../errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

/** The schema version recorded in a database (0 for a new, empty file). */
export function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/**
 * Brings a database to `SCHEMA_VERSION`. Runs inside BEGIN IMMEDIATE, so when several worker
 * processes open a new file at once, one migrates and the others wait (busy timeout) and then see
 * the migrated schema. A database from a newer version is refused rather than misread.
 */
export function migrate(db: Database.Database, file: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)');
  const apply = db.transaction(() => {
    const current = schemaVersion(db);
    if (current > SCHEMA_VERSION) {
      throw new ResultStoreError(
        file,
        `schema version ${current} is newer than this program's ${SCHEMA_VERSION}; upgrade vqa-eval`,
      );
    }
    const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
    for (let version = current; version < SCHEMA_VERSION; version++) {
      db.exec(MIGRATIONS[version] ?? '');
      record.run(version + 1, new Date().toISOString());
    }
  });
  apply.immediate();
}
