// refreshMarts builds every mart in one transaction: readers see the old marts
// or the new ones, never a mix; a failed refresh leaves the old marts and
// records nothing; each refresh is a new version in ops.mart_refreshes.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempWarehouse } from '../helpers/warehouse.ts';
import { MARTS, refreshMarts } from '../../warehouse/marts/refresh.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { kpiWarehouse } from './fixture.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'cli', 'osservatorio.js');

let t: TempWarehouse;
beforeAll(async () => {
  t = await kpiWarehouse(); // refresh version 1, as of 2025-06-30
}, 60_000);
afterAll(() => t?.cleanup());

describe('refreshMarts', () => {
  it('records the version and as-of date of the figures readers see', async () => {
    const r = await queryKpi(t.wh, 'MM_VAC');
    expect(r.martVersion).toBe(1);
    expect(r.asOf).toBe('2025-06-30');
    const rec = await t.wh.one<{ version: number; as_of: string; tables: string }>(`select version, as_of, tables from ops.mart_refreshes`);
    expect(rec?.as_of).toBe('2025-06-30');
    expect(JSON.parse(rec!.tables).map((x: { name: string }) => x.name)).toEqual(MARTS.map((m) => `mart.${m}`));
  });

  it('a reader inside a transaction keeps the old marts while a refresh swaps in new ones', async () => {
    const reader = await t.wh.session();
    try {
      await reader.run('begin transaction');
      expect(await reader.scalar(`select count(*) from mart.vacancy_outcomes`)).toBe(7);
      await t.wh.run(`delete from core.vacancies where vacancy_id = 'V7'`);
      const r = await refreshMarts(t.wh, { asOf: '2025-06-30' });
      expect(r.version).toBe(2);
      expect(r.tables.find((x) => x.name === 'mart.vacancy_outcomes')?.rows).toBe(6);
      // still the old snapshot: old marts AND old version, consistently
      expect(await reader.scalar(`select count(*) from mart.vacancy_outcomes`)).toBe(7);
      expect(await reader.scalar(`select version from mart.refresh_info`)).toBe(1);
      await reader.run('commit');
      expect(await reader.scalar(`select count(*) from mart.vacancy_outcomes`)).toBe(6);
      expect(await reader.scalar(`select version from mart.refresh_info`)).toBe(2);
    } finally {
      reader.close();
    }
  });

  it('requests on the shared connection during a refresh see the old marts or the new ones, never a mix', async () => {
    // version 2 has 6 vacancies; this refresh (version 3) drops V6 → 5
    await t.wh.run(`delete from core.vacancies where vacancy_id = 'V6'`);
    let done = false;
    const refreshing = refreshMarts(t.wh, { asOf: '2025-06-30' }).finally(() => (done = true));
    const seen = new Set<string>();
    while (!done) {
      const r = await t.wh.one<{ v: number; n: number }>(
        `select (select version from mart.refresh_info) as v, (select count(*) from mart.vacancy_outcomes) as n`,
      );
      seen.add(`${r?.v}:${r?.n}`);
    }
    await refreshing;
    seen.add(`${await t.wh.scalar(`select version from mart.refresh_info`)}:${await t.wh.scalar(`select count(*) from mart.vacancy_outcomes`)}`);
    expect([...seen].every((x) => x === '2:6' || x === '3:5'), [...seen].join(' ')).toBe(true);
    expect(seen.has('3:5')).toBe(true);
  });

  it('a refresh that fails half-way leaves every mart and the version as they were', async () => {
    const before = await t.wh.rows(`select version from ops.mart_refreshes order by 1`);
    const funnel = await t.wh.scalar(`select sum(registered) from mart.service_funnel`);
    await t.wh.run(`delete from core.job_seekers where person_id like '%7'`);
    // event_hires comes after service_funnel in the build order: break it
    await t.wh.run(`alter table core.events rename to events_gone`);
    try {
      await expect(refreshMarts(t.wh)).rejects.toThrow();
    } finally {
      await t.wh.run(`alter table core.events_gone rename to events`);
    }
    expect(await t.wh.rows(`select version from ops.mart_refreshes order by 1`)).toEqual(before);
    expect(await t.wh.scalar(`select sum(registered) from mart.service_funnel`)).toBe(funnel);
    expect(await t.wh.scalar(`select count(*) from information_schema.tables where table_name like 'int_%'`)).toBe(0);
  });

  it('`osservatorio marts refresh` prints every table with its rows', async () => {
    t.wh.close();
    const { stdout } = await run(process.execPath, [CLI, 'marts', 'refresh', '--as-of', '2025-06-30', '--db', t.dbPath]);
    expect(stdout).toMatch(/Marts refreshed: version 4, data as of 2025-06-30/);
    for (const m of MARTS) expect(stdout).toMatch(new RegExp(`mart\\.${m}\\s+\\d+ rows`));
    expect(stdout).toMatch(/mart\.vacancy_outcomes\s+5 rows/);
  }, 60_000);
});
