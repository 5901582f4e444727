// Power cut during a mart refresh: SIGKILL the server while the marts job
// (started after a load) rebuilds the marts. No half refresh is visible, the
// run becomes 'interrupted' at the next start and is redone, and the marts
// then equal a clean rebuild over the same data.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobRun } from '../../jobs/history.ts';
import type { JobStatus } from '../../jobs/service.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { Warehouse, type Session } from '../../warehouse/db.ts';
import { martContent, tempDir } from '../helpers/warehouse.ts';
import {
  dropInInbox,
  employersCsv,
  placementsCsv,
  startServeProcess,
  waitFor,
  type ServerProcess,
} from './helpers.ts';

const ROWS = 250_000;
const dataDir = tempDir('osservatorio-crash-marts-');
const servers: ServerProcess[] = [];
afterAll(() => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function martFingerprint(db: Session): Promise<Record<string, string>> {
  const tables = await db.rows<{ table_name: string }>(
    `select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'mart' and table_name <> 'refresh_info' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables) out[table_name] = await martContent(db, table_name);
  return out;
}

const marts = async (s: ServerProcess) =>
  (await s.api<{ runs: JobRun[] }>('GET', '/api/jobs/history?job=marts&limit=100')).body.runs;

describe('crash during a mart refresh', () => {
  it('shows no half refresh, redoes the interrupted run, and the marts equal a clean rebuild', async () => {
    writeFileSync(
      join(dataDir, 'osservatorio.config.json'),
      JSON.stringify({
        jobs: {
          inbox: { schedule: '*/1 * * * * *', settleSeconds: 0, retries: 0 },
          'open-data': { enabled: false },
          backup: { enabled: false },
        },
      }),
    );
    const first = await startServeProcess(dataDir);
    servers.push(first);
    dropInInbox(dataDir, 'agency1', 'employers_seed.csv', employersCsv(3));
    await waitFor('the first refresh', async () =>
      (await marts(first)).find((r) => r.status === 'ok'),
    );
    dropInInbox(dataDir, 'agency1', 'placements_big.csv', placementsCsv(ROWS));

    // The marts run that follows the big load: kill it once it has been running a moment.
    let seen: { id: number; since: number } | undefined;
    await waitFor(
      'the refresh after the big load',
      async () => {
        const jobs = (await first.api<{ jobs: JobStatus[] }>('GET', '/api/jobs')).body.jobs;
        const id = jobs.find((j) => j.name === 'marts')?.runningRunId ?? null;
        if (id == null) return (seen = undefined);
        if (!seen || seen.id !== id) seen = { id, since: Date.now() };
        return Date.now() - seen.since > 150;
      },
      120_000,
      50,
    );
    first.child.kill('SIGKILL');
    await first.exited;

    let wh = await Warehouse.open(join(dataDir, 'osservatorio.duckdb'), { readOnly: true });
    try {
      expect(await wh.scalar(`select status from ops.job_runs where run_id = $1`, [seen!.id])).toBe(
        'running',
      );
      // The big load committed, the refresh did not: the marts are still the first refresh, whole.
      expect(await wh.scalar(`select count(*) from core.placements`)).toBe(ROWS);
      expect(await wh.scalar(`select count(*) from ops.mart_refreshes`)).toBe(1);
      expect(await wh.scalar(`select version from mart.refresh_info`)).toBe(1);
    } finally {
      wh.close();
    }

    const second = await startServeProcess(dataDir);
    servers.push(second);
    const redo = await waitFor('the redone refresh', async () =>
      (await marts(second)).find((r) => r.run_id > seen!.id && r.status === 'ok'),
    );
    expect(redo.trigger).toBe('catch_up');
    const interrupted = (await marts(second)).find((r) => r.run_id === seen!.id);
    expect(interrupted?.status).toBe('interrupted');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    wh = await Warehouse.open(join(dataDir, 'osservatorio.duckdb'));
    try {
      expect(await wh.scalar(`select count(*) from ops.mart_refreshes`)).toBe(2);
      const asOf = String(await wh.scalar(`select as_of from mart.refresh_info`));
      const served = await martFingerprint(wh);
      expect(Object.keys(served).length).toBeGreaterThan(5);
      await refreshMarts(wh, { asOf });
      expect(await martFingerprint(wh)).toEqual(served);
    } finally {
      wh.close();
    }
  }, 360_000);
});
