// The operations page's reads of the load log and the job runs: newest first,
// at most `limit`, only the columns the page shows; and the demo banner's
// question, whether any load came from the demo generator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdsDemoLoads, recentLoads } from '../../warehouse/operations/loads.ts';
import { recentJobRuns } from '../../warehouse/operations/jobRuns.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

describe('operations reads', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse({ reference: false });
  });
  afterAll(() => t.cleanup());

  const addLoad = (id: number, source: string) =>
    t.wh.run(
      `insert into ops.loads (load_id, file_name, checksum, feed, source, rows, status, started_at)
       values ($1, $2, 'sha', 'placements', $3, 10, 'loaded', now())`,
      [id, `f${id}.csv`, source],
    );

  it('says whether demo data was loaded', async () => {
    await addLoad(1, 'agency-bo');
    expect(await holdsDemoLoads(t.wh)).toBe(false);
    await addLoad(2, 'demo');
    expect(await holdsDemoLoads(t.wh)).toBe(true);
  });

  it('lists the latest loads first, up to the limit, without checksums or report paths', async () => {
    await addLoad(3, 'agency-bo');
    const loads = await recentLoads(t.wh, 2);
    expect(loads.map((l) => l.load_id)).toEqual([3, 2]);
    expect(Object.keys(loads[0]).sort()).toEqual(
      ['error', 'feed', 'file_name', 'load_id', 'rows', 'source', 'started_at', 'status', 'warnings'].sort(),
    );
  });

  it('lists the latest job runs first, without run details', async () => {
    for (const id of [1, 2]) {
      await t.wh.run(
        `insert into ops.job_runs (run_id, job, trigger, started_at, status, detail) values ($1, 'refresh', 'manual', now(), 'ok', '{"secret":1}')`,
        [id],
      );
    }
    const runs = await recentJobRuns(t.wh);
    expect(runs.map((r) => r.run_id)).toEqual([2, 1]);
    expect(runs[0]).not.toHaveProperty('detail');
  });
});
