// The open-data job publishes a numbered release when the calendar says one
// is due, records it in ops.job_runs, and publishes nothing more the same
// day; the next calendar date brings the next release.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listReleases } from '../../warehouse/opendata/index.ts';
import type { TempWarehouse } from '../helpers/warehouse.ts';
import { runnerFor, testClock } from '../jobs/helpers.ts';
import { addLatePlacement, seededWarehouse } from './releaseFixture.ts';

let t: TempWarehouse;
let setup: ReturnType<typeof runnerFor>;
const clock = testClock();
const released = () => listReleases(setup.paths.openData).map((r) => [r.release, r.date]);
const runAt = async (iso: string) => {
  clock.set(new Date(iso));
  const report = await setup.runner.run('open-data', 'manual');
  expect(report.status, report.error ?? '').toBe('ok');
  const row = await t.wh.one<{ detail: string }>(`select detail from ops.job_runs where run_id = $1`, [report.runId]);
  return (JSON.parse(row!.detail) as { release: { number: number; date: string } | null }).release;
};

beforeAll(async () => {
  t = await seededWarehouse();
  setup = runnerFor(t.wh, t.dir, { clock });
}, 300_000);
afterAll(() => t?.cleanup());

describe('the open-data job and the release calendar', () => {
  it('publishes release 1 at once when none was ever published', async () => {
    expect(await runAt('2026-01-10T02:00:00Z')).toEqual({ number: 1, date: '2026-01-10' });
    expect(released()).toEqual([[1, '2026-01-10']]);
  }, 300_000);

  it('publishes nothing on a second run the same day, nor before the next calendar date', async () => {
    expect(await runAt('2026-01-10T22:00:00Z')).toBeNull();
    await addLatePlacement(t.wh);
    // 15/01 04:00 in Rome is 03:00 UTC: at 02:59 UTC the date has not come.
    expect(await runAt('2026-01-15T02:59:00Z')).toBeNull();
    expect(released()).toEqual([[1, '2026-01-10']]);
    const runs = await t.wh.rows<{ status: string }>(`select status from ops.job_runs where job = 'open-data' order by run_id`);
    expect(runs.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
  }, 300_000);

  it('publishes release 2 once the calendar date has passed, and only once that day', async () => {
    expect(await runAt('2026-01-15T03:01:00Z')).toEqual({ number: 2, date: '2026-01-15' });
    expect(await runAt('2026-01-15T09:00:00Z')).toBeNull();
    expect(released()).toEqual([
      [1, '2026-01-10'],
      [2, '2026-01-15'],
    ]);
    expect(listReleases(setup.paths.openData)[1].text.it.join(' ')).toContain('Rispetto al rilascio 1');
  }, 300_000);
});
