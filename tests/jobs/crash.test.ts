// Power cut during a load: SIGKILL the server while the inbox job loads a
// large file. Nothing of the file is visible afterwards, the run is found
// 'running' and becomes 'interrupted' at the next start, and the file is
// loaded whole by the redo.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobRun } from '../../jobs/history.ts';
import type { JobStatus } from '../../jobs/service.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { tempDir } from '../helpers/warehouse.ts';
import {
  dropInInbox,
  employersCsv,
  placementsCsv,
  startServeProcess,
  waitFor,
  type ServerProcess,
} from './helpers.ts';

const ROWS = 250_000;
const dataDir = tempDir('osservatorio-crash-');
const servers: ServerProcess[] = [];
afterAll(() => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function counts() {
  const wh = await Warehouse.open(join(dataDir, 'osservatorio.duckdb'), { readOnly: true });
  try {
    return {
      placements: (await wh.scalar<number>(`select count(*) from core.placements`))!,
      ledger: (await wh.scalar<number>(
        `select count(*) from ops.file_ledger where feed = 'placements'`,
      ))!,
      runs: await wh.rows<JobRun>(`select * from ops.job_runs where job = 'inbox' order by run_id`),
    };
  } finally {
    wh.close();
  }
}

describe('crash and stop during a load', () => {
  it('SIGKILL leaves no partial rows, the run becomes interrupted and the redo loads the file; SIGTERM mid-load exits 0 with the file whole or absent', async () => {
    writeFileSync(
      join(dataDir, 'osservatorio.config.json'),
      JSON.stringify({
        jobs: {
          inbox: { schedule: '*/1 * * * * *', settleSeconds: 0, retries: 0 },
          marts: { afterLoad: false },
          backup: { enabled: false },
        },
      }),
    );
    const first = await startServeProcess(dataDir);
    servers.push(first);
    dropInInbox(dataDir, 'agency1', 'employers_seed.csv', employersCsv(3));
    await waitFor(
      'seed loaded',
      async () =>
        !existsSync(join(dataDir, 'inbox', 'agency1', 'employers_seed.csv')) &&
        existsSync(join(dataDir, 'archive', 'employers_seed.csv')),
    );
    const big = dropInInbox(dataDir, 'agency1', 'placements_big.csv', placementsCsv(ROWS));

    // Kill once the same inbox run has held its lock for a while: it is inside the big load.
    let seen: { id: number; since: number } | undefined;
    await waitFor(
      'the big load to be under way',
      async () => {
        const jobs = (await first.api<{ jobs: JobStatus[] }>('GET', '/api/jobs')).body.jobs;
        const id = jobs.find((j) => j.name === 'inbox')?.runningRunId ?? null;
        if (id == null) return (seen = undefined);
        if (!seen || seen.id !== id) seen = { id, since: Date.now() };
        return Date.now() - seen.since > 600;
      },
      60_000,
      100,
    );
    first.child.kill('SIGKILL');
    await first.exited;

    const after = await counts();
    expect(after.placements).toBe(0);
    expect(after.ledger).toBe(0);
    // (Ticks that found the job busy are recorded as skipped runs after it.)
    expect(after.runs.find((r) => r.run_id === seen!.id)).toMatchObject({ status: 'running' });
    expect(after.runs.filter((r) => r.status === 'running')).toHaveLength(1);
    expect(existsSync(big)).toBe(true);

    const second = await startServeProcess(dataDir);
    servers.push(second);
    await waitFor(
      'the redo to load the file',
      async () => !existsSync(big) && existsSync(join(dataDir, 'archive', 'placements_big.csv')),
      120_000,
      250,
    );
    const runs = (
      await second.api<{ runs: JobRun[] }>('GET', '/api/jobs/history?job=inbox&limit=500')
    ).body.runs;

    // Graceful stop in the middle of another big load: the load's transaction
    // finishes (or rolls back) before DuckDB closes, the process exits 0 and
    // no run is left 'running'.
    const more = dropInInbox(
      dataDir,
      'agency1',
      'placements_more.csv',
      placementsCsv(ROWS, 3, 'PM'),
    );
    await waitFor(
      'the second load to start',
      async () =>
        !!(await second.api<{ jobs: JobStatus[] }>('GET', '/api/jobs')).body.jobs.find(
          (j) => j.name === 'inbox',
        )?.runningRunId,
      60_000,
      100,
    );
    await new Promise((r) => setTimeout(r, 300));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);

    const interrupted = runs.find((r) => r.run_id === seen!.id);
    expect(interrupted).toMatchObject({ status: 'interrupted' });
    expect(interrupted!.error).toMatch(/stopped during this run/);
    const redo = runs.find((r) => r.status === 'ok' && r.rows === ROWS);
    expect(redo).toBeDefined();
    expect(redo!.run_id).toBeGreaterThan(seen!.id);
    const final = await counts();
    expect(final.runs.some((r) => r.status === 'running')).toBe(false);
    // Whole or nothing for the file being loaded at SIGTERM.
    const moreLoaded = !existsSync(more);
    expect(final.placements).toBe(moreLoaded ? 2 * ROWS : ROWS);
    expect(final.ledger).toBe(moreLoaded ? 2 : 1);
  }, 240_000);
});
