// The snapshots folder's pointer: `<snapshots>/CURRENT`, a small JSON file
// naming the newest complete snapshot. The writer replaces it by rename only
// after the snapshot file is complete and on disk, so a reader that follows
// the pointer never meets half a file; readers open nothing but what it names.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const POINTER_FILE = 'CURRENT';
/** Snapshot files: s<seq, 8 digits>.duckdb. Anything else in the folder is never opened. */
export const SNAPSHOT_NAME = /^s(\d{8})\.duckdb$/;

export interface SnapshotPointer {
  /** File name inside the snapshots folder (no path). */
  file: string;
  seq: number;
  /** The mart version the snapshot holds (mart.refresh_info). */
  martVersion: number | null;
  /** ISO time of publication. */
  publishedAt: string;
  bytes: number;
}

export class SnapshotError extends Error {
  constructor(
    readonly code: 'SNAPSHOT_POINTER_INVALID' | 'SNAPSHOT_NONE' | 'SNAPSHOT_OPEN_FAILED' | 'SNAPSHOT_PUBLISH_FAILED',
    message: string,
  ) {
    super(message);
  }
}

export function snapshotFileName(seq: number): string {
  return `s${String(seq).padStart(8, '0')}.duckdb`;
}

/** The pointer, or undefined when nothing was published yet; a malformed pointer is an error naming the file. */
export function readPointer(dir: string): SnapshotPointer | undefined {
  const file = join(dir, POINTER_FILE);
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SnapshotError('SNAPSHOT_POINTER_INVALID', `${file} is not valid JSON (${(err as Error).message}); republish with 'osservatorio marts refresh --snapshot'.`);
  }
  const p = data as Partial<SnapshotPointer>;
  const m = typeof p.file === 'string' ? SNAPSHOT_NAME.exec(p.file) : null;
  if (!m || p.seq !== Number(m[1]) || typeof p.publishedAt !== 'string')
    throw new SnapshotError(
      'SNAPSHOT_POINTER_INVALID',
      `${file} does not name a snapshot (expected {"file":"s00000001.duckdb","seq":1,…}); republish with 'osservatorio marts refresh --snapshot'.`,
    );
  return { file: p.file!, seq: p.seq, martVersion: typeof p.martVersion === 'number' ? p.martVersion : null, publishedAt: p.publishedAt, bytes: Number(p.bytes ?? 0) };
}
