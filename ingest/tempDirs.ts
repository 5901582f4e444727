// The scratch folders a load writes into (an XLSX sheet as CSV, a transcoded
// CSV, a connector's feed files). Each is removed when its load ends, but a
// process killed mid-load (kill -9, out of memory) cannot clean up after
// itself, so every folder's name carries the pid that owns it and each new
// load first removes the folders whose owner is gone. Folders from older
// versions, named without a pid, are removed once they are an hour old.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the folder is for; part of its name (`osservatorio-ingest-<pid>-…`). */
export type ScratchKind = 'ingest' | 'connector';

const KINDS: ScratchKind[] = ['ingest', 'connector'];
const WITH_PID = /^osservatorio-(ingest|connector)-(\d+)-[A-Za-z0-9]+$/;
const WITHOUT_PID = /^osservatorio-(ingest|connector)-[A-Za-z0-9]{6}$/;
/** A folder without an owner's pid is left alone while a load could still be using it. */
export const ORPHAN_AGE_MS = 3_600_000;

/** True while a process with this pid exists (also one of another user: EPERM). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A new scratch folder owned by this process, under `root` (default: the system temp dir). */
export function makeScratchDir(kind: ScratchKind, root = tmpdir()): string {
  return mkdtempSync(join(root, `osservatorio-${kind}-${process.pid}-`));
}

export interface SweepOptions {
  root?: string;
  now?: number;
  /** Whether the owner of a folder still runs (tests give a fixed answer). */
  isAlive?: (pid: number) => boolean;
}

/**
 * Removes scratch folders whose owning process is gone, and pid-less ones
 * older than an hour; returns how many were removed. Folders it may not
 * remove (another user's) are skipped.
 */
export function sweepScratchDirs(options: SweepOptions = {}): number {
  const root = options.root ?? tmpdir();
  const now = options.now ?? Date.now();
  const isAlive = options.isAlive ?? pidAlive;
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => KINDS.some((k) => n.startsWith(`osservatorio-${k}-`)));
  } catch {
    return 0;
  }
  const startedAt = now - process.uptime() * 1000;
  let removed = 0;
  for (const name of names) {
    const path = join(root, name);
    const owned = WITH_PID.exec(name);
    try {
      if (owned) {
        const pid = Number(owned[2]);
        // Our own pid: ours unless made before this process started (a
        // container restarted after a kill gets the same small pids again).
        if (pid === process.pid) {
          if (statSync(path).mtimeMs >= startedAt) continue;
        } else if (isAlive(pid)) continue;
      } else if (WITHOUT_PID.test(name)) {
        if (now - statSync(path).mtimeMs < ORPHAN_AGE_MS) continue;
      } else continue;
      rmSync(path, { recursive: true, force: true });
      removed++;
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
  return removed;
}
