// Versioned migrations: warehouse/migrations/NNN_name.sql, applied in order,
// each in its own transaction and recorded in ops.schema_migrations.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Session } from './db.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  file: string;
}

export class MigrationError extends Error {
  readonly code = 'MIGRATION_REFUSED';
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new MigrationError(`Migration file name ${file} must look like NNN_name.sql`);
    const version = Number(m[1]);
    if (seen.has(version)) throw new MigrationError(`Two migrations share version ${m[1]} in ${dir}`);
    seen.add(version);
    return { version, name: m[2], file: join(dir, file) };
  });
}

/** The newest migration version this code knows. */
export function codeSchemaVersion(dir = MIGRATIONS_DIR): number {
  return Math.max(0, ...listMigrations(dir).map((m) => m.version));
}

/** Versions recorded in the database (empty for a fresh file). */
export async function appliedVersions(db: Session): Promise<number[]> {
  const exists = await db.scalar<number>(
    `select count(*) from information_schema.tables where table_schema = 'ops' and table_name = 'schema_migrations'`,
  );
  if (!exists) return [];
  const rows = await db.rows<{ version: number }>(`select version from ops.schema_migrations order by version`);
  return rows.map((r) => r.version);
}

/**
 * Applies pending migrations. Re-running is a no-op. A database written by a
 * newer version of the observatory is refused rather than half-understood.
 */
export async function migrate(db: Session, dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const known = listMigrations(dir);
  const applied = new Set(await appliedVersions(db));
  const newest = codeSchemaVersion(dir);
  const unknown = [...applied].filter((v) => !known.some((m) => m.version === v));
  if (unknown.length) {
    throw new MigrationError(
      `This database has schema version ${Math.max(...unknown)}, newer than this copy of osservatorio knows (${newest}). ` +
        `Upgrade osservatorio, or restore a backup made by this version; the database was not changed.`,
    );
  }
  const pending = known.filter((m) => !applied.has(m.version));
  for (const m of pending) {
    const sql = readFileSync(m.file, 'utf8');
    await db.transaction(async (tx) => {
      await tx.run(sql);
      await tx.run(`insert into ops.schema_migrations (version, name, applied_at) values ($1, $2, now())`, [
        m.version,
        m.name,
      ]);
    });
  }
  // Write the new schema into the database file at once. Left in the WAL, a
  // schema change is replayed at the next open after a crash, and DuckDB
  // fails to replay some of them (an ALTER TABLE … ADD COLUMN on ops.users
  // made the warehouse unopenable after a kill -9: "Failure while replaying
  // WAL file … GetDefaultDatabase").
  if (pending.length) await db.run('checkpoint');
  return pending;
}

/** True when every migration this code knows is applied (for /readyz). */
export async function isSchemaCurrent(db: Session, dir = MIGRATIONS_DIR): Promise<boolean> {
  const applied = new Set(await appliedVersions(db));
  return listMigrations(dir).every((m) => applied.has(m.version));
}
