// One analyst SQL sandbox process, seen from the server: starts it, hands it
// one statement at a time and enforces the limits DuckDB cannot enforce on
// itself. The clock starts when the statement is sent, so parsing and
// planning count (DuckDB folds constants such as repeat('x', 250000000) while
// preparing, before any interrupt could reach it); the process's resident
// memory is sampled while the statement runs. Past either limit the process
// is killed (SIGKILL): nothing it was doing can hold up the server, and its
// memory goes back to the system at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority, tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { badRequest } from './errors.ts';
import type { AnalystSqlResult } from './analystSqlLimits.ts';
import type { FromSandbox, ToSandbox } from './sqlSandboxProtocol.ts';

const WORKER = fileURLToPath(new URL('./sqlSandboxWorker.ts', import.meta.url));
// The sandbox is TypeScript like the rest of the code, so it runs under tsx's loader (given by absolute URL: the process starts outside the repository).
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const START_TIMEOUT_MS = 60_000;
const RSS_POLL_MS = 20;

export interface SandboxProcessLimits {
  timeoutMs: number;
  memoryMb: number;
  rowCap: number;
  maxResultBytes: number;
}

/** Resident memory of a process in bytes (Linux /proc), or null when it cannot be read. */
export function residentBytes(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

export class SqlSandboxProcess {
  private exited = false;
  private killed = false;
  private onExit: (() => void) | null = null;

  private constructor(
    private readonly child: ChildProcess,
    /** The snapshot file version this process opened (see AnalystSql). */
    readonly snapshotVersion: number,
  ) {
    child.once('exit', () => {
      this.exited = true;
      this.onExit?.();
    });
  }

  /** False from the moment it is killed (the exit event comes later). */
  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts a process on the snapshot file and waits until DuckDB has it open. */
  static async start(snapshotFile: string, snapshotVersion: number, memoryMb: number): Promise<SqlSandboxProcess> {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, WORKER], {
      cwd: tmpdir(),
      // Nothing of the server's environment (session secret, tokens) reaches the sandbox.
      env: process.env.TZ ? { TZ: process.env.TZ } : {},
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'json',
    });
    const sandbox = new SqlSandboxProcess(child, snapshotVersion);
    // The lowest CPU priority: a runaway statement (or a sandbox starting) yields the cores to the server's requests.
    try {
      setPriority(child.pid!, 19);
    } catch {
      // not permitted or not supported here: the time limit still holds
    }
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`The SQL sandbox did not start within ${START_TIMEOUT_MS / 1000} s.`)), START_TIMEOUT_MS);
        sandbox.onExit = () => reject(new Error('The SQL sandbox process stopped while starting.'));
        child.once('message', (m: FromSandbox) => {
          clearTimeout(timer);
          if (m.type === 'ready') resolve();
          else reject(new Error(`The SQL sandbox could not open the snapshot: ${m.type === 'open_failed' ? m.message : m.type}`));
        });
        child.once('error', reject);
        // DuckDB's limit leaves room for Node and the library itself, and for values it does not account for (long strings).
        const open: ToSandbox = { type: 'open', snapshotFile, duckdbMemoryMb: Math.max(64, Math.floor(memoryMb / 2)) };
        child.send(open);
      });
    } catch (err) {
      sandbox.kill();
      throw err;
    } finally {
      sandbox.onExit = null;
    }
    // An idle sandbox must not keep the server process alive.
    child.unref();
    child.channel?.unref();
    return sandbox;
  }

  /** Runs one statement under the limits; a process past the time or memory limit is killed. */
  run(sql: string, limits: SandboxProcessLimits): Promise<AnalystSqlResult> {
    if (!this.alive) return Promise.reject(new Error('The SQL sandbox process has stopped.'));
    const ceiling = limits.memoryMb * 1024 * 1024;
    return new Promise<AnalystSqlResult>((resolve, reject) => {
      let peak = 0;
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        clearInterval(poll);
        this.child.off('message', onMessage);
        this.onExit = null;
        this.child.channel?.unref();
        outcome();
      };
      const timer = setTimeout(() => {
        this.kill();
        finish(() =>
          reject(
            badRequest(
              `SQL_TIMEOUT: the statement took longer than ${limits.timeoutMs.toLocaleString('en')} ms (counted from parsing and planning to the last row) and was stopped; filter or aggregate earlier, or add a LIMIT.`,
            ),
          ),
        );
      }, limits.timeoutMs);
      const poll = setInterval(() => {
        const rss = residentBytes(this.child.pid!);
        if (rss === null) return;
        peak = Math.max(peak, rss);
        if (rss <= ceiling) return;
        this.kill();
        finish(() => reject(memoryLimit(limits.memoryMb)));
      }, RSS_POLL_MS);
      const onMessage = (m: FromSandbox) => {
        if (m.type === 'result') finish(() => resolve({ columns: m.columns, rows: m.rows, truncated: m.truncated }));
        else if (m.type === 'refused') finish(() => reject(badRequest(m.message)));
      };
      this.onExit = () =>
        // A process that dies on its own while near its ceiling most likely failed to allocate.
        finish(() => reject(peak > ceiling * 0.75 ? memoryLimit(limits.memoryMb) : new Error('The SQL sandbox process stopped unexpectedly.')));
      this.child.on('message', onMessage);
      this.child.channel?.ref();
      const message: ToSandbox = { type: 'run', sql, rowCap: limits.rowCap, maxResultBytes: limits.maxResultBytes };
      this.child.send(message);
    });
  }

  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
    this.killed = true;
  }
}

function memoryLimit(memoryMb: number) {
  return badRequest(
    `SQL_MEMORY_LIMIT: the statement needed more than the sandbox's ${memoryMb} MB and was stopped; select fewer or shorter values, aggregate, or add a LIMIT.`,
  );
}
