// Publishing a read-only snapshot of the warehouse for `serve --read-only`
// readers. The single writer copies its database, in one transaction (so
// one consistent state, whatever other connections are loading meanwhile),
// into a new file under a temporary name, makes it durable, names it
// s<seq>.duckdb and only then points CURRENT at it by an atomic rename: a
// reader never sees a half-written snapshot. Older snapshots beyond `keep`
// are deleted; a reader still answering from one keeps its open file
// (POSIX keeps an unlinked file's data until its last handle closes).
//
// What readers never need is left out of the copy: session token hashes,
// password hashes, the audit trail and report/alert e-mail addresses.
// Readers ask the writer to resolve sessions and send it their audit
// entries (server/replica/).
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../db.ts';
import { PEOPLE_SCHEMA } from '../marts/people.ts';
import { sqlIdent, sqlString } from '../sql.ts';
import { POINTER_FILE, SNAPSHOT_NAME, SnapshotError, readPointer, snapshotFileName, type SnapshotPointer } from './pointer.ts';

/** Statements run on the copy before it is published: data no reader may hold. */
export const SNAPSHOT_SCRUB: readonly { table: string; sql: string; why: string }[] = [
  { table: 'ops.sessions', sql: 'delete from {db}.ops.sessions', why: 'token hashes: readers resolve sessions on the writer' },
  { table: 'ops.users', sql: `update {db}.ops.users set password_hash = '!'`, why: 'password hashes: readers never sign anyone in' },
  { table: 'ops.audit', sql: 'delete from {db}.ops.audit', why: 'the audit trail stays on the writer, which readers send their entries to' },
  { table: 'ops.report_subscriptions', sql: 'update {db}.ops.report_subscriptions set email = null', why: 'recipients’ addresses: readers deliver nothing' },
  { table: 'ops.alert_rules', sql: 'update {db}.ops.alert_rules set email = null', why: 'recipients’ addresses: readers deliver nothing' },
];

export interface PublishOptions {
  /** Snapshots kept, the new one included (default 2). */
  keep?: number;
  now?: Date;
}

export interface PublishedSnapshot extends SnapshotPointer {
  path: string;
  ms: number;
  /** Older snapshot files deleted. */
  removed: string[];
}

export const DEFAULT_SNAPSHOTS_KEPT = 2;

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function snapshotSeqs(dir: string): number[] {
  return readdirSync(dir)
    .map((f) => SNAPSHOT_NAME.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
}

/** Copies the warehouse into <dir>/s<seq>.duckdb and points <dir>/CURRENT at it. */
export async function publishSnapshot(wh: Warehouse, dir: string, options: PublishOptions = {}): Promise<PublishedSnapshot> {
  const started = Date.now();
  const keep = Math.max(1, options.keep ?? DEFAULT_SNAPSHOTS_KEPT);
  mkdirSync(dir, { recursive: true });
  // Leftovers of a publication that crashed half-way: never pointed at, never opened.
  for (const f of readdirSync(dir)) if (f.startsWith('.tmp-')) rmSync(join(dir, f), { force: true });
  const seq = Math.max(readPointer(dir)?.seq ?? 0, snapshotSeqs(dir)[0] ?? 0) + 1;
  const file = snapshotFileName(seq);
  const tmp = join(dir, `.tmp-${file}`);
  const alias = sqlIdent(`snapshot_publish_${process.pid}_${seq}`);
  const session = await wh.session();
  let martVersion: number | null = null;
  try {
    const source = sqlIdent(String(await session.scalar<string>('select current_database()')));
    await session.run(`attach ${sqlString(tmp)} as ${alias}`);
    try {
      await session.transaction(async (tx) => {
        // One transaction: every table as of the same moment (DuckDB's MVCC).
        await tx.run(`copy from database ${source} to ${alias}`);
        for (const s of SNAPSHOT_SCRUB) await tx.run(s.sql.replaceAll('{db}', alias));
        // No marts yet: published anyway, and readers refuse it until a refresh (latest.ts).
        const version = await tx.scalar<number>(`select version from ${alias}.mart.refresh_info`).catch(() => undefined);
        martVersion = typeof version === 'number' ? version : null;
      });
      // The cohort marts' rows per person serve only the writer's next
      // refresh; readers read the marts. Dropped once the copy committed: a
      // schema cannot be dropped in the transaction that copied it.
      await session.run(`drop schema if exists ${alias}.${PEOPLE_SCHEMA} cascade`);
    } finally {
      // Detaching checkpoints the copy into its one file.
      await session.run(`detach ${alias}`);
    }
  } catch (err) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.wal`, { force: true });
    throw new SnapshotError('SNAPSHOT_PUBLISH_FAILED', `Could not write the snapshot ${tmp}: ${(err as Error).message}. Nothing was published; readers keep the previous snapshot.`);
  } finally {
    session.close();
  }
  fsyncPath(tmp);
  const path = join(dir, file);
  renameSync(tmp, path);
  const bytes = statSync(path).size;
  const pointer: SnapshotPointer = { file, seq, martVersion, publishedAt: (options.now ?? new Date()).toISOString(), bytes };
  const pointerTmp = join(dir, `.tmp-${POINTER_FILE}`);
  writeFileSync(pointerTmp, JSON.stringify(pointer) + '\n');
  fsyncPath(pointerTmp);
  renameSync(pointerTmp, join(dir, POINTER_FILE));
  // The renames themselves are durable once the folder is.
  fsyncPath(dir);
  const removed: string[] = [];
  for (const old of snapshotSeqs(dir).slice(keep)) {
    const name = snapshotFileName(old);
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return { ...pointer, path, ms: Date.now() - started, removed };
}
