// Runs the real CLI in a child process (no TTY, no stdin), as a user would.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(...args: string[]): CliRun {
  // Only the options given here decide where data lives.
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'Europe/Rome' };
  delete env.OSSERVATORIO_DATA_DIR;
  delete env.OSSERVATORIO_DB;
  const r = spawnSync(process.execPath, [join(ROOT, 'cli', 'osservatorio.js'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
