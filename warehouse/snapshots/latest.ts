// A reader's view of the snapshots folder: the newest published snapshot,
// open read-only, and the switch to a newer one. Each request takes the
// current snapshot (acquire) and gives it back when it ends (release): new
// requests go to the newest snapshot at once, requests in flight finish on
// the one they started on, and a replaced snapshot is closed when its last
// request ends. Only the file CURRENT names is ever opened (pointer.ts).
import { join } from 'node:path';
import { Warehouse, type OpenOptions } from '../db.ts';
import { SnapshotError, readPointer, type SnapshotPointer } from './pointer.ts';

export interface HeldSnapshot {
  wh: Warehouse;
  pointer: SnapshotPointer;
  /** Gives the snapshot back; idempotent. */
  release(): void;
}

interface Entry {
  wh: Warehouse;
  pointer: SnapshotPointer;
  users: number;
  retired: boolean;
}

export interface SwitchEvent {
  from: SnapshotPointer;
  to: SnapshotPointer;
}

export interface SnapshotOpenOptions extends OpenOptions {
  /** A further check before a snapshot serves any request (e.g. its schema version); throws to refuse it. */
  verify?: (wh: Warehouse) => Promise<void>;
}

async function openSnapshot(dir: string, pointer: SnapshotPointer, options: SnapshotOpenOptions): Promise<Warehouse> {
  const path = join(dir, pointer.file);
  let wh: Warehouse;
  try {
    wh = await Warehouse.open(path, { ...options, readOnly: true });
  } catch (err) {
    throw new SnapshotError('SNAPSHOT_OPEN_FAILED', `Cannot open the snapshot ${path} named by ${join(dir, 'CURRENT')}: ${(err as Error).message}`);
  }
  try {
    // A snapshot with no marts would fail every page: refuse it before any request sees it.
    await wh.scalar(`select version from mart.refresh_info`);
  } catch (err) {
    wh.close();
    throw new SnapshotError('SNAPSHOT_OPEN_FAILED', `The snapshot ${path} holds no marts (${(err as Error).message}); publish one after a marts refresh.`);
  }
  try {
    await options.verify?.(wh);
  } catch (err) {
    wh.close();
    throw err;
  }
  return wh;
}

export class LatestSnapshot {
  private current: Entry;
  private readonly retired = new Set<Entry>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<SwitchEvent | undefined> | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    first: Entry,
    private readonly options: SnapshotOpenOptions,
  ) {
    this.current = first;
  }

  /** Opens the snapshot CURRENT names; refuses when none was published. */
  static async open(dir: string, options: SnapshotOpenOptions = {}): Promise<LatestSnapshot> {
    const pointer = readPointer(dir);
    if (!pointer)
      throw new SnapshotError(
        'SNAPSHOT_NONE',
        `No snapshot was published in ${dir} (no CURRENT file). Turn on jobs.marts.snapshots.enabled in the writer's configuration, or run 'osservatorio marts refresh --snapshot' once.`,
      );
    const wh = await openSnapshot(dir, pointer, options);
    return new LatestSnapshot(dir, { wh, pointer, users: 0, retired: false }, options);
  }

  get pointer(): SnapshotPointer {
    return this.current.pointer;
  }

  /** The current snapshot's warehouse, not held: for work outside a request (a request uses acquire()). */
  get currentWarehouse(): Warehouse {
    return this.current.wh;
  }

  /** The current snapshot, held until release(). */
  acquire(): HeldSnapshot {
    const entry = this.current;
    entry.users++;
    let released = false;
    return {
      wh: entry.wh,
      pointer: entry.pointer,
      release: () => {
        if (released) return;
        released = true;
        entry.users--;
        this.closeIfUnused(entry);
      },
    };
  }

  /**
   * Switches to the snapshot CURRENT names when it is newer. Resolves with the
   * switch made, or undefined; a pointer or file that cannot be opened leaves
   * the current snapshot in place and rejects with a SnapshotError.
   */
  check(): Promise<SwitchEvent | undefined> {
    // One check at a time: a slow open is not started twice.
    this.checking ??= this.switchIfNewer().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async switchIfNewer(): Promise<SwitchEvent | undefined> {
    if (this.closed) return undefined;
    const pointer = readPointer(this.dir);
    if (!pointer || pointer.seq <= this.current.pointer.seq) return undefined;
    const wh = await openSnapshot(this.dir, pointer, this.options);
    if (this.closed) {
      wh.close();
      return undefined;
    }
    const from = this.current;
    this.current = { wh, pointer, users: 0, retired: false };
    from.retired = true;
    this.retired.add(from);
    this.closeIfUnused(from);
    return { from: from.pointer, to: pointer };
  }

  /** Checks CURRENT every `ms`, reporting each switch and each failure. */
  watch(ms: number, report: { switched(e: SwitchEvent): void; failed(err: Error): void }): void {
    this.timer = setInterval(() => {
      if (this.checking) return;
      this.check().then((e) => e && report.switched(e), (err: Error) => report.failed(err));
    }, ms);
    this.timer.unref();
  }

  /** Snapshots still open: the current one and replaced ones with requests in flight. */
  get open(): number {
    return 1 + this.retired.size;
  }

  private closeIfUnused(entry: Entry): void {
    if (!entry.retired || entry.users > 0) return;
    this.retired.delete(entry);
    entry.wh.close();
  }

  /** Stops watching and closes every snapshot once its requests have ended. */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.current.retired = true;
    this.retired.add(this.current);
    this.closeIfUnused(this.current);
  }
}
