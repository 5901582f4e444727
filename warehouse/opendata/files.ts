// Atomic file writes for published data: write to a temp name in the same
// folder, then rename, so a reader gets the old file or the new one, never half.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export function writeAtomic(target: string, data: string | Uint8Array): void {
  const tmp = tempNameFor(target);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Renames a finished temp file into place. */
export function commitTemp(tmp: string, target: string): void {
  renameSync(tmp, target);
}

export function fileChecksum(path: string): { sha256: string; bytes: number } {
  return { sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), bytes: statSync(path).size };
}
