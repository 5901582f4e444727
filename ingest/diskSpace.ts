// Free disk space, checked before a load starts rather than discovered
// halfway; and a disk that fills up during a load anyway (another process
// wrote meanwhile) reported the same way, never as DuckDB's raw message.
import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import type { Session } from '../warehouse/db.ts';
import type { Issue } from './validate.ts';

/** Free bytes for an unprivileged writer in the file system holding `dir`. */
export type FreeSpaceProbe = (dir: string) => Promise<number>;

export const statfsFreeBytes: FreeSpaceProbe = async (dir) => {
  const s = await statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
};

export class DiskSpaceConfigError extends Error {
  readonly code = 'DISK_SPACE_CONFIG';
}

/**
 * The free space a load requires, from OSSERVATORIO_INGEST_MIN_FREE_MB when
 * set (an operator who knows the disk better than the default); undefined
 * leaves the default of 3 × the file's size + 64 MiB.
 */
export function minFreeFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.OSSERVATORIO_INGEST_MIN_FREE_MB;
  if (raw === undefined || raw.trim() === '') return undefined;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb < 0)
    throw new DiskSpaceConfigError(
      `OSSERVATORIO_INGEST_MIN_FREE_MB must be a number of MiB (0 or more); got '${raw}'`,
    );
  return mb * 1024 * 1024;
}

/** Bytes needed to load `bytes` of input: the staged copy, the WAL and temp spill. */
export function neededBytes(bytes: number, minFree?: number): number {
  return minFree ?? minFreeFromEnv() ?? 3 * bytes + 64 * 1024 * 1024;
}

const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} MiB`;

/** The nearest folder that exists: the data directory may not have been made yet. */
function existing(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** A `disk_space` issue when any of `dirs` has less than `need` bytes free. */
export async function diskSpaceIssueIn(
  dirs: string[],
  need: number,
  probe: FreeSpaceProbe = statfsFreeBytes,
): Promise<Issue | undefined> {
  for (const dir of dirs) {
    const free = await probe(existing(dir));
    if (free < need)
      return {
        rule: 'disk_space',
        message: `not enough free disk space in ${dir}: ${mb(free)} free, ${mb(need)} needed to load this file safely; nothing was loaded — free some space (old backups, archive/) and load it again`,
      };
  }
  return undefined;
}

/** Free space check before a load, on the database's folder and the temp folder. */
export async function diskSpaceIssue(
  db: Session,
  bytes: number,
  minFree: number | undefined,
  probe?: FreeSpaceProbe,
): Promise<Issue | undefined> {
  const dbPath = await db.scalar<string>(
    `select path from duckdb_databases() where database_name = current_database()`,
  );
  const dirs = [dbPath ? dirname(dbPath) : null, tmpdir()].filter((d): d is string => !!d);
  return diskSpaceIssueIn(dirs, neededBytes(bytes, minFree), probe);
}

/** True for an error that says a disk is full (DuckDB's IO errors or Node's ENOSPC/EDQUOT). */
export function isOutOfSpace(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  const message = err instanceof Error ? err.message : String(err);
  return /No space left on device|Disk quota exceeded|ENOSPC|max_temp_directory_size/i.test(
    message,
  );
}

/** The disk filled up during the load: the transaction rolled back, so nothing is half-loaded. */
export function outOfSpaceIssue(): Issue {
  return {
    rule: 'disk_space',
    message: `the disk filled up while the file was loading; nothing was loaded — free some space on the data directory and in ${tmpdir()} (old backups, archive/) and load it again`,
  };
}
