// End to end: a real `osservatorio serve` process on 127.0.0.1 with a temp
// data dir and second-level schedules. Files dropped in the inbox are loaded
// (marker or settled), refused ones quarantined with a report; the CLI talks
// to the server; a second writer is refused; SIGTERM stops cleanly.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobRun } from '../../jobs/history.ts';
import type { JobStatus } from '../../jobs/service.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { tempDir } from '../helpers/warehouse.ts';
import {
  cli,
  dropInInbox,
  employersCsv,
  placementsCsv,
  startServeProcess,
  waitFor,
  type ServerProcess,
} from './helpers.ts';

const dataDir = tempDir('osservatorio-serve-');
let server: ServerProcess | undefined;
afterAll(() => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const history = async (s: ServerProcess, job = 'inbox') =>
  (await s.api<{ runs: JobRun[] }>('GET', `/api/jobs/history?job=${job}&limit=1000`)).body.runs;
const loadedFiles = (runs: JobRun[]) =>
  runs.flatMap(
    (r) =>
      (
        (r.detail ? JSON.parse(r.detail) : {}) as {
          files?: { file: string; status: string; rows: number }[];
        }
      ).files ?? [],
  );

describe('osservatorio serve', () => {
  it('serves health, runs the inbox loop, answers the CLI, refuses a second writer and stops on SIGTERM', async () => {
    writeFileSync(
      join(dataDir, 'osservatorio.config.json'),
      JSON.stringify({
        timezone: 'Europe/Rome',
        jobs: {
          inbox: { schedule: '*/1 * * * * *', settleSeconds: 0.5, retries: 0 },
          backup: { enabled: false },
        },
      }),
    );
    server = await startServeProcess(dataDir);
    const s = server;
    expect(s.info.host).toBe('127.0.0.1');

    const health = await fetch(`${s.info.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', pid: s.child.pid });
    const ready = await fetch(`${s.info.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    // Without a session or the operator token the jobs API is closed.
    expect((await fetch(`${s.info.url}/api/jobs`)).status).toBe(401);
    const page = await fetch(`${s.info.url}/methodology`);
    expect([200, 503]).toContain(page.status);

    const jobs = await s.api<{ jobs: JobStatus[] }>('GET', '/api/jobs');
    expect(jobs.status).toBe(200);
    expect(jobs.body.jobs.map((j) => [j.name, j.enabled, j.timezone])).toEqual([
      ['inbox', true, 'Europe/Rome'],
      ['marts', true, 'Europe/Rome'],
      ['open-data', true, 'Europe/Rome'],
      ['backup', false, 'Europe/Rome'],
      ['reports', true, 'Europe/Rome'],
      ['alerts', true, 'Europe/Rome'],
    ]);

    // 1. A file with a ready marker.
    dropInInbox(dataDir, 'agency1', 'employers_2024.csv', employersCsv(3));
    await waitFor('employers loaded', async () =>
      loadedFiles(await history(s)).find(
        (f) => f.file === 'employers_2024.csv' && f.status === 'loaded',
      ),
    );
    // 2. A file without a marker is taken once it stopped growing.
    dropInInbox(dataDir, 'agency1', 'placements_2024.csv', placementsCsv(10), false);
    await waitFor('placements loaded', async () =>
      loadedFiles(await history(s)).find(
        (f) => f.file === 'placements_2024.csv' && f.status === 'loaded',
      ),
    );
    // 3. A refused file goes to quarantine with its report.
    dropInInbox(
      dataDir,
      'agency2',
      'placements_bad.csv',
      'placement_id,person_id\nX,not-a-pseudonym\n',
    );
    await waitFor('bad file refused', async () =>
      loadedFiles(await history(s)).find(
        (f) => f.file === 'placements_bad.csv' && f.status === 'refused',
      ),
    );
    const quarantined = readdirSync(join(dataDir, 'quarantine'));
    expect(quarantined).toContain('placements_bad.csv');
    expect(quarantined).toContain('placements_bad.csv.report.json');
    expect(readdirSync(join(dataDir, 'inbox', 'agency1'))).toEqual([]);
    expect(readdirSync(join(dataDir, 'archive'))).toEqual(
      expect.arrayContaining(['employers_2024.csv', 'placements_2024.csv']),
    );

    // A load triggers the marts refresh, then the open-data publication (after_load).
    const marts = await waitFor('marts after load', async () =>
      (await history(s, 'marts')).find((r) => r.trigger === 'after_load' && r.status !== 'running'),
    );
    expect(marts.status).toBe('ok');
    const open = await waitFor('open data after marts', async () =>
      (await history(s, 'open-data')).find(
        (r) => r.trigger === 'after_load' && r.status !== 'running',
      ),
    );
    expect(open.status).toBe('ok');
    expect(existsSync(join(dataDir, 'open-data', 'catalog.jsonld'))).toBe(true);

    // The CLI goes through the server while it holds the file.
    const run = await cli(['jobs', 'run', 'inbox', '--data-dir', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^inbox: (ok|skipped) \(run \d+/);
    const hist = await cli([
      'jobs',
      'history',
      '--job',
      'inbox',
      '--all',
      '--limit',
      '500',
      '--data-dir',
      dataDir,
    ]);
    expect(hist.code).toBe(0);
    expect(hist.stdout).toMatch(/inbox\s+manual/);
    const tList = Date.now();
    const list = await cli(['jobs', 'list', '--data-dir', dataDir]);
    const oneCommand = Date.now() - tList;
    expect(list.stdout).toMatch(/backup\s+disabled/);

    // A second writer fails fast and says how to hand the file over.
    const extra = join(dataDir, 'employers_extra.csv');
    writeFileSync(extra, employersCsv(2, 'other'));
    const t0 = Date.now();
    const second = await cli(['ingest', extra, '--data-dir', dataDir]);
    expect(second.code).not.toBe(0);
    // Fails fast: about as long as any command takes to start on this box right
    // now (a loaded box slows both), not a lock wait on top.
    expect(Date.now() - t0).toBeLessThan(3 * oneCommand + 5_000);
    expect(second.stderr).toMatch(/jobs run/);
    // It names the running server and the inbox to drop the file in.
    expect(second.stderr).toContain(s.info.url);
    expect(second.stderr).toContain(join(dataDir, 'inbox'));
    const restore = await cli(['restore', join(dataDir, 'backups'), '--data-dir', dataDir]);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toContain(`pid ${s.child.pid}`);
    const serveAgain = await cli(['serve', '--port', '0', '--data-dir', dataDir]);
    expect(serveAgain.code).toBe(2);
    expect(serveAgain.stderr).toMatch(/inbox/);

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);

    // After the stop, the same story from the file itself.
    const wh = await Warehouse.open(join(dataDir, 'osservatorio.duckdb'), { readOnly: true });
    try {
      const loads = await wh.rows<{
        file_name: string;
        source: string;
        status: string;
        rows: number;
      }>(`select file_name, source, status, rows from ops.loads order by load_id`);
      expect(loads).toEqual(
        expect.arrayContaining([
          { file_name: 'employers_2024.csv', source: 'agency1', status: 'loaded', rows: 3 },
          { file_name: 'placements_2024.csv', source: 'agency1', status: 'loaded', rows: 10 },
        ]),
      );
      expect(await wh.scalar('select count(*) from core.placements')).toBe(10);
      expect(await wh.scalar(`select count(*) from ops.job_runs where status = 'running'`)).toBe(0);
    } finally {
      wh.close();
    }
    const offline = await cli([
      'jobs',
      'history',
      '--limit',
      '60',
      '--data-dir',
      dataDir,
      '--json',
    ]);
    expect(offline.code).toBe(0);
    // Empty inbox runs (one a second here) are hidden unless --all, so the loads are among the last runs.
    const shown = JSON.parse(offline.stdout) as JobRun[];
    expect(shown.some((r) => r.job === 'inbox' && r.status === 'ok' && r.rows > 0)).toBe(true);
    expect(shown.some((r) => r.job === 'marts' && r.status === 'ok')).toBe(true);
  }, 360_000);
});
