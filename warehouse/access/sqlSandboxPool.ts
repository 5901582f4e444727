// At most `concurrency` analyst statements run at once, each in its own
// sandbox process; up to `queueLength` more wait (at most queueTimeoutMs) and
// the next is refused at once with SQL_BUSY. The server's own DuckDB
// connection is never used, so health checks and dashboard queries do not wait
// behind analyst SQL. A process that was killed is replaced in the background,
// and processes that opened an older snapshot are retired when next picked up.
import { AccessError } from './errors.ts';
import type { AnalystSqlLimits, AnalystSqlResult } from './analystSqlLimits.ts';
import { SqlSandboxProcess } from './sqlSandboxProcess.ts';

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export interface SnapshotRef {
  file: string;
  version: number;
}

const busy = (message: string) => new AccessError(503, 'SQL_BUSY', `SQL_BUSY: ${message}`);

export class SqlSandboxPool {
  private running = 0;
  private readonly waiters: Waiter[] = [];
  /** Started (or starting) processes nobody is using; never more than `concurrency`. */
  private spare: Promise<SqlSandboxProcess>[] = [];
  private readonly all = new Set<SqlSandboxProcess>();
  private closed = false;

  constructor(private readonly limits: AnalystSqlLimits) {}

  /** Runs one statement on the snapshot, waiting for a free sandbox if needed. */
  async run(snapshot: () => Promise<SnapshotRef>, sql: string): Promise<AnalystSqlResult> {
    await this.acquire();
    try {
      const ref = await snapshot();
      const sandbox = await this.take(ref);
      try {
        return await sandbox.run(sql, this.limits);
      } finally {
        this.giveBack(sandbox, ref);
      }
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.closed) return Promise.reject(busy('the SQL sandbox is shutting down.'));
    if (this.running < this.limits.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiters.length >= this.limits.queueLength)
      return Promise.reject(
        busy(`${this.limits.concurrency} statements are running and ${this.limits.queueLength} waiting, the most the server takes; try again in a few seconds.`),
      );
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(busy(`no sandbox became free within ${this.limits.queueTimeoutMs.toLocaleString('en')} ms; try again later.`));
        }, this.limits.queueTimeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Hands the slot to the next waiter, or frees it. */
  private release(): void {
    const next = this.waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve();
    } else this.running--;
  }

  private async take(ref: SnapshotRef): Promise<SqlSandboxProcess> {
    const ready = this.spare.shift();
    if (ready) {
      const sandbox = await ready.catch(() => null);
      if (sandbox?.alive && sandbox.snapshotVersion === ref.version) return sandbox;
      this.retire(sandbox);
    }
    return this.start(ref);
  }

  private giveBack(sandbox: SqlSandboxProcess, ref: SnapshotRef): void {
    if (this.closed) return this.retire(sandbox);
    if (sandbox.alive) {
      this.spare.push(Promise.resolve(sandbox));
      return;
    }
    this.retire(sandbox);
    // Replace a killed process now, so the next statement does not wait for a start.
    const replacement = this.start(ref);
    replacement.catch(() => {});
    this.spare.push(replacement);
  }

  private async start(ref: SnapshotRef): Promise<SqlSandboxProcess> {
    const sandbox = await SqlSandboxProcess.start(ref.file, ref.version, this.limits.memoryMb);
    if (this.closed) {
      sandbox.kill();
      throw busy('the SQL sandbox is shutting down.');
    }
    this.all.add(sandbox);
    return sandbox;
  }

  private retire(sandbox: SqlSandboxProcess | null): void {
    if (!sandbox) return;
    sandbox.kill();
    this.all.delete(sandbox);
  }

  /** Kills every sandbox process and refuses waiting and later statements. */
  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(busy('the SQL sandbox is shutting down.'));
    }
    for (const s of this.all) s.kill();
    this.all.clear();
    for (const p of this.spare.splice(0)) p.then((s) => s.kill(), () => {});
  }
}
