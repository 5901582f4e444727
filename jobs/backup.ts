// Backups: EXPORT DATABASE (Parquet) into <data-dir>/backups/.tmp-<stamp>/,
// renamed to <stamp>/ only when complete, keeping the newest N. Restore:
// IMPORT DATABASE into a fresh file next to the warehouse, checked, and only
// then swapped in (the old file is kept as <db>.before-restore-<stamp>).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Warehouse } from '../warehouse/db.ts';
import { sqlString } from '../warehouse/sql.ts';
import { codeSchemaVersion, appliedVersions } from '../warehouse/migrate.ts';
import type { DataPaths } from '../warehouse/paths.ts';

const STAMP_RE = /^\d{8}T\d{6}Z$/;

/** 20261123T023000Z: sorts by time, safe in a path. */
export function backupStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function listBackups(backupsDir: string): string[] {
  if (!existsSync(backupsDir)) return [];
  return readdirSync(backupsDir)
    .filter((n) => STAMP_RE.test(n) && existsSync(join(backupsDir, n, 'schema.sql')))
    .sort();
}

export interface BackupResult {
  dir: string;
  removed: string[];
}

export async function backupDatabase(
  wh: Warehouse,
  paths: Pick<DataPaths, 'backups'>,
  options: { at: Date; keep: number },
): Promise<BackupResult> {
  mkdirSync(paths.backups, { recursive: true });
  let stamp = backupStamp(options.at);
  // Two backups in the same second (manual + scheduled): never overwrite.
  for (let i = 1; existsSync(join(paths.backups, stamp)); i++)
    stamp = backupStamp(new Date(options.at.getTime() + i * 1000));
  const tmp = join(paths.backups, `.tmp-${stamp}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    // The path is ours (data dir + timestamp), quoted as a literal: EXPORT takes no parameters.
    await wh.run(`EXPORT DATABASE ${sqlString(tmp)} (FORMAT parquet)`);
    const final = join(paths.backups, stamp);
    renameSync(tmp, final);
    const all = listBackups(paths.backups);
    const removed = all.slice(0, Math.max(0, all.length - options.keep));
    for (const old of removed) rmSync(join(paths.backups, old), { recursive: true, force: true });
    return { dir: final, removed };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

export class RestoreError extends Error {
  readonly code = 'RESTORE_REFUSED';
}

export interface RestoreResult {
  db: string;
  previous: string | null;
  tables: number;
}

/** Restores `backupDir` into paths.db. The caller makes sure no process holds the file. */
export async function restoreDatabase(
  backupDir: string,
  paths: Pick<DataPaths, 'db'>,
  options: { at: Date },
): Promise<RestoreResult> {
  const src = resolve(backupDir);
  if (!existsSync(join(src, 'schema.sql')) || !existsSync(join(src, 'load.sql'))) {
    throw new RestoreError(
      `${src} is not a backup made by 'osservatorio' (schema.sql/load.sql missing). Backups are in <data-dir>/backups/<timestamp>/.`,
    );
  }
  const target = resolve(paths.db);
  const tmp = join(dirname(target), `.${basename(target)}.restore-${backupStamp(options.at)}`);
  rmSync(tmp, { force: true });
  rmSync(tmp + '.wal', { force: true });
  let tables: number;
  const fresh = await Warehouse.open(tmp);
  try {
    await fresh.run(`IMPORT DATABASE ${sqlString(src)}`);
    const versions = await appliedVersions(fresh);
    if (!versions.length)
      throw new RestoreError(
        `${src} holds no ops.schema_migrations: not an osservatorio warehouse backup.`,
      );
    if (Math.max(...versions) > codeSchemaVersion()) {
      throw new RestoreError(
        `${src} was made by a newer osservatorio (schema ${Math.max(...versions)}); upgrade before restoring it.`,
      );
    }
    // The snapshot was taken while the backup job itself held its lock (and
    // maybe another job was mid-run): the restored file must not start with
    // runs that look alive. The backup run did complete; others did not.
    await fresh.run(`delete from ops.job_locks`);
    await fresh.run(
      `update ops.job_runs set status = 'ok', finished_at = started_at, detail = $1 where status = 'running' and job = 'backup'`,
      [JSON.stringify({ note: 'this run made the backup that was restored', dir: src })],
    );
    await fresh.run(
      `update ops.job_runs set status = 'interrupted', finished_at = started_at,
         error = 'running when the backup was taken; its later work is not in the restored warehouse' where status = 'running'`,
    );
    tables =
      (await fresh.scalar<number>(
        `select count(*) from duckdb_tables() where database_name = current_database()`,
      )) ?? 0;
    await fresh.run('CHECKPOINT');
  } catch (err) {
    fresh.close();
    rmSync(tmp, { force: true });
    rmSync(tmp + '.wal', { force: true });
    throw err;
  }
  fresh.close();
  let previous: string | null = null;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${backupStamp(options.at)}`;
    renameSync(target, previous);
    if (existsSync(target + '.wal')) renameSync(target + '.wal', previous + '.wal');
  }
  renameSync(tmp, target);
  if (existsSync(tmp + '.wal')) renameSync(tmp + '.wal', target + '.wal');
  return { db: target, previous, tables };
}
