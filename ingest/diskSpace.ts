// Free disk space, checked before a load starts rather than discovered halfway.
import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import type { Session } from '../warehouse/db.ts';
import type { Issue } from './validate.ts';

/** Free space check before a load: DuckDB needs room for the staged copy, the WAL and temp spill. */
export async function diskSpaceIssue(
  db: Session,
  bytes: number,
  minFree: number | undefined,
): Promise<Issue | undefined> {
  const dbPath = await db.scalar<string>(
    `select path from duckdb_databases() where database_name = current_database()`,
  );
  const need = minFree ?? 3 * bytes + 64 * 1024 * 1024;
  for (const dir of [dbPath ? dirname(dbPath) : null, tmpdir()]) {
    if (!dir) continue;
    const s = await statfs(dir);
    const free = Number(s.bavail) * Number(s.bsize);
    if (free < need) {
      const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} MiB`;
      return {
        rule: 'disk_space',
        message: `not enough free disk space in ${dir}: ${mb(free)} free, ${mb(need)} needed to load this file safely; free some space and load it again`,
      };
    }
  }
  return undefined;
}
