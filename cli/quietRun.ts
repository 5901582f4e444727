// Runs a long, chatty command (the dashboard build) without echoing its
// output: stdout and stderr go, interleaved as the command wrote them, to one
// temporary file, so a failure can show the last lines in their order and a
// success shows nothing but the caller's summary.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface QuietRun {
  ok: boolean;
  /** How the command ended: "exit 1", "signal SIGTERM", or why it could not start. */
  ended: string;
  ms: number;
  /** Everything it wrote to stdout and stderr. */
  output: string;
}

export function runQuietly(command: string, args: readonly string[], cwd: string): QuietRun {
  const dir = mkdtempSync(join(tmpdir(), 'osservatorio-run-'));
  try {
    const file = join(dir, 'output.log');
    const fd = openSync(file, 'w');
    const started = performance.now();
    let r;
    try {
      r = spawnSync(command, args, { cwd, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    const ms = performance.now() - started;
    const output = readFileSync(file, 'utf8');
    const ended = r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit ${r.status}`;
    return { ok: !r.error && r.status === 0, ended, ms, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The last `count` non-blank lines of a command's output. */
export function lastLines(output: string, count: number): string[] {
  return output
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(-count);
}
