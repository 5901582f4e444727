// The demo: deterministic (same seed → byte-identical files and identical table
// checksums; another seed → different data), loaded through the load path with
// source 'demo', carrying the real figures of CUP F31D23000140007, and plausible.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_FEEDS,
  ensureDemo,
  generateDemo,
  loadDemo,
  REAL_CUP,
  type DemoFiles,
} from '../../demo/index.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import type { Warehouse } from '../../warehouse/db.ts';
import { tempDir, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const SCALE = 0.04;

async function checksums(wh: Warehouse): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const feed of DEMO_FEEDS) {
    // Lineage columns differ from load to load; the data must not.
    const h = await wh.scalar<number | string>(
      `select coalesce(bit_xor(hash(t)), 0)::varchar || ':' || count(*) from (select * exclude (load_id, loaded_at) from core.${feed}) t`,
    );
    out[feed] = String(h);
  }
  return out;
}

function fileHashes(demo: DemoFiles): Record<string, string> {
  return Object.fromEntries(
    demo.files.map((f) => [
      f.feed,
      createHash('sha256').update(readFileSync(f.path)).digest('hex'),
    ]),
  );
}

describe('demo', () => {
  let dir: string;
  let a: TempWarehouse;
  let b: TempWarehouse;
  let demoA: DemoFiles;
  beforeAll(async () => {
    dir = tempDir();
    a = await tempWarehouse();
    b = await tempWarehouse();
    demoA = await generateDemo({ dir: join(dir, 'a'), scale: SCALE, seed: 7 });
    await loadDemo(a.wh, demoA);
  });
  afterAll(() => {
    a.cleanup();
    b.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every feed, with scale-proportional volumes', () => {
    expect(demoA.files.map((f) => f.feed)).toEqual(DEMO_FEEDS);
    const rows = Object.fromEntries(demoA.files.map((f) => [f.feed, f.rows]));
    expect(rows.job_seekers).toBe(2000);
    expect(rows.services).toBeGreaterThan(rows.job_seekers!);
    expect(rows.placements).toBeGreaterThan(0);
    expect(rows.matches).toBeGreaterThan(rows.vacancies!);
  });

  it('same seed: byte-identical files and identical table checksums', async () => {
    const again = await generateDemo({ dir: join(dir, 'a2'), scale: SCALE, seed: 7 });
    expect(fileHashes(again)).toEqual(fileHashes(demoA));
    await loadDemo(b.wh, again);
    expect(await checksums(b.wh)).toEqual(await checksums(a.wh));
  });

  it('another seed gives other data', async () => {
    const other = await generateDemo({ dir: join(dir, 'c'), scale: SCALE, seed: 8 });
    const ha = fileHashes(demoA);
    const hc = fileHashes(other);
    for (const feed of [
      'job_seekers',
      'services',
      'vacancies',
      'matches',
      'placements',
      'employers',
    ])
      expect(hc[feed], feed).not.toBe(ha[feed]);
  });

  it('is loaded through the load path, every load marked source demo', async () => {
    const loads = await a.wh.rows<{ feed: string; source: string; status: string }>(
      `select feed, source, status from ops.loads order by load_id`,
    );
    expect(loads.map((l) => l.feed)).toEqual(DEMO_FEEDS);
    expect(new Set(loads.map((l) => `${l.source}/${l.status}`))).toEqual(new Set(['demo/loaded']));
  });

  it('carries the public figures of PN Metro Plus CUP F31D23000140007', async () => {
    const p = await a.wh.one(
      `select programme_code, local_code, priority, action, beneficiary, fund, start_date,
              programme_resources::varchar pr, other_resources::varchar orr
       from core.projects where cup = $1`,
      [REAL_CUP],
    );
    expect(p).toEqual({
      programme_code: '2021IT16FFPR003',
      local_code: 'BO4.4.8.1.a',
      priority: '4',
      action: '4.4.8.1',
      beneficiary: 'Comune di Bologna',
      fund: 'FSE+',
      start_date: '2023-12-15',
      pr: '4000000.00',
      orr: '0.00',
    });
    const snaps = await a.wh.rows<{
      programmed: string;
      admitted: string;
      legally_committed: string;
      paid: string;
    }>(
      `select programmed::varchar programmed, admitted::varchar admitted, legally_committed::varchar legally_committed,
              paid::varchar paid from core.project_financials where cup = $1 order by as_of`,
      [REAL_CUP],
    );
    expect(snaps.length).toBeGreaterThan(2);
    expect(snaps.at(-1)).toEqual({
      programmed: '4000000.00',
      admitted: '4000000.00',
      legally_committed: '4000000.00',
      paid: '605305.62',
    });
    for (let i = 1; i < snaps.length; i++)
      expect(Number(snaps[i]!.paid)).toBeGreaterThanOrEqual(Number(snaps[i - 1]!.paid));
    expect(Number(snaps[0]!.paid)).toBeLessThan(605305.62);
  });

  it('has the seed territories, Bologna board of 100+ firms and plausible mixes', async () => {
    const w = a.wh;
    expect(
      await w.scalar<number>(`select count(*) from core.employers where board_member`),
    ).toBeGreaterThanOrEqual(100);
    const kinds = await w.rows<{ kind: string }>(
      `select distinct kind from core.offices order by 1`,
    );
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining(['hub', 'spoke', 'job_centre', 'desk']),
    );
    expect(await w.scalar<string>(`select name from core.offices where office_id = 'BA-PFB'`)).toBe(
      'Porta Futuro Bari',
    );
    const provinces = await w.rows<{ cod_uts: string }>(
      `select distinct c.cod_uts from core.job_seekers s join ref.comuni c on c.comune_code = s.comune_code order by 1`,
    );
    expect(provinces.map((p) => p.cod_uts)).toEqual(['011', '076', '077', '237', '272']);
    const htf = await w.scalar<number>(
      `select count(*) filter (where hard_to_fill_reason is not null) / count(*) from core.vacancies where outcome <> 'open'`,
    );
    expect(htf).toBeGreaterThan(0.38);
    expect(htf).toBeLessThan(0.56);
    expect(
      await w.scalar<number>(
        `select count(*) from core.vacancies where outcome = 'open' and closed_on is null`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await w.scalar<number>(`select count(*) from core.placements where end_date is null`),
    ).toBeGreaterThan(0);
    expect(
      await w.scalar<number>(
        `select count(*) from core.matches where stage = 'declined_by_candidate'`,
      ),
    ).toBeGreaterThan(0);
    const paths = await w.rows<{ p: number }>(
      `select distinct gol_path p from core.job_seekers where gol_path is not null order by 1`,
    );
    expect(paths.map((p) => p.p)).toEqual([1, 2, 3, 4, 5]);
    // No date after the reference date outside forward-looking columns.
    expect(
      await w.scalar<number>(
        `select count(*) from core.placements where start_date > date '2025-10-31'`,
      ),
    ).toBe(0);
  });

  it('ensureDemo loads only into an empty warehouse', async () => {
    const t = await tempWarehouse();
    const d = tempDir();
    try {
      const paths = resolveDataPaths({ dataDir: d, db: t.dbPath });
      const first = await ensureDemo(t.wh, paths, { scale: 0.01, seed: 3 });
      expect(first.loaded).toBe(true);
      const n = await t.wh.scalar<number>(`select count(*) from ops.loads`);
      const second = await ensureDemo(t.wh, paths, { scale: 0.01, seed: 3 });
      expect(second.loaded).toBe(false);
      expect(await t.wh.scalar<number>(`select count(*) from ops.loads`)).toBe(n);
    } finally {
      t.cleanup();
      rmSync(d, { recursive: true, force: true });
    }
  });
});
