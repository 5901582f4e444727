// Helpers for the jobs tests: a runner/scheduler over a real temp warehouse,
// a controllable clock, generated feed files (fake hex pseudonyms, never real
// people), and a real `osservatorio serve` child process on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../runtime/clock.ts';
import { resolveJobsConfig, type JobsConfig } from '../../jobs/config.ts';
import type { JobDefinition } from '../../jobs/definitions.ts';
import { silentLogger } from '../../runtime/log.ts';
import { JobRunner } from '../../jobs/runner.ts';
import type { ServerInfo } from '../../server/serverInfo.ts';
import type { Warehouse } from '../../warehouse/db.ts';
import { resolveDataPaths, type DataPaths } from '../../warehouse/paths.ts';

export const REPO = join(import.meta.dirname, '..', '..');
export const CLI = join(REPO, 'cli', 'osservatorio.js');

/** A clock whose `now` can be set; sleeps are recorded and shortened. */
export function testClock(start?: Date): Clock & { sleeps: number[]; set(d: Date): void } {
  let fixed = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => fixed ?? new Date(),
    set: (d) => {
      fixed = d;
    },
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((r) => setTimeout(r, Math.min(ms, 20)));
    },
  };
}

export function runnerFor(
  wh: Warehouse,
  dir: string,
  options: { config?: unknown; jobs?: Partial<Record<string, JobDefinition>>; clock?: Clock } = {},
) {
  const paths: DataPaths = resolveDataPaths({ dataDir: dir, db: wh.path });
  const config: JobsConfig = resolveJobsConfig(options.config ?? {});
  const clock = options.clock ?? testClock();
  return {
    runner: new JobRunner({ wh, paths, config, clock, logger: silentLogger, jobs: options.jobs }),
    paths,
    config,
    clock,
  };
}

export const hex = (label: string) => createHash('sha256').update(label).digest('hex');
const BOLOGNA = '037006';

export function employersCsv(n: number, prefix = 'employer'): string {
  const rows = Array.from({ length: n }, (_, i) =>
    [
      hex(`${prefix}-${i}`),
      '62.01',
      BOLOGNA,
      ['micro', 'small', 'medium', 'large'][i % 4],
      'false',
    ].join(','),
  );
  return ['employer_id,sector_code,comune_code,size_band,board_member', ...rows].join('\n') + '\n';
}

export function placementsCsv(n: number, employers = 3, idPrefix = 'PL'): string {
  const lines = [
    'placement_id,person_id,employer_id,start_date,contract_type,end_date,working_time,occupation_code,comune_code,channel',
  ];
  const emp = Array.from({ length: employers }, (_, i) => hex(`employer-${i}`));
  for (let i = 0; i < n; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `${idPrefix}${String(i + 1).padStart(7, '0')},${hex(`person-${i}`)},${emp[i % employers]},2024-03-${day},${['permanent', 'fixed_term', 'apprenticeship'][i % 3]},${i % 3 === 1 ? `2024-09-${day}` : ''},${i % 2 ? 'part' : 'full'},5.1.2.2.0,${BOLOGNA},preselection`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Writes a file into inbox/<source>/ with its ready marker. */
export function dropInInbox(
  dataDir: string,
  source: string,
  name: string,
  content: string,
  ready = true,
): string {
  const dir = join(dataDir, 'inbox', source);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, content);
  if (ready) writeFileSync(file + '.ready', '');
  return file;
}

export interface ServerProcess {
  child: ChildProcess;
  info: ServerInfo;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  api<T>(method: 'GET' | 'POST', path: string): Promise<{ status: number; body: T }>;
}

export function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export const SESSION_SECRET = 'test-secret-'.padEnd(48, 'x');

/** Starts `osservatorio serve --port 0` and waits for <data-dir>/server.json. */
export async function startServeProcess(
  dataDir: string,
  extraArgs: string[] = [],
  command: 'serve' | 'start' = 'serve',
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [CLI, command, '--data-dir', dataDir, '--port', '0', ...extraArgs],
    {
      cwd: REPO,
      env: {
        ...process.env,
        OSSERVATORIO_SESSION_SECRET: SESSION_SECRET,
        OSSERVATORIO_LOG_LEVEL: 'info',
      },
    },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const infoFile = join(dataDir, 'server.json');
  const deadline = Date.now() + timeoutMs;
  let info: ServerInfo | undefined;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err}`);
    if (existsSync(infoFile)) {
      const parsed = JSON.parse(readFileSync(infoFile, 'utf8')) as ServerInfo;
      if (parsed.pid === child.pid && out.includes('http://')) {
        info = parsed;
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!info) {
    child.kill('SIGKILL');
    throw new Error(`serve did not start: ${err}`);
  }
  const base = info.url;
  const token = info.token;
  return {
    child,
    info,
    stdout: () => out,
    stderr: () => err,
    exited,
    async api<T>(method: 'GET' | 'POST', path: string) {
      const res = await fetch(base + path, {
        method,
        headers: { 'x-osservatorio-operator-token': token },
      });
      return { status: res.status, body: (await res.json()) as T };
    },
  };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 120_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
