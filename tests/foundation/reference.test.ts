// Reference data: counts equal the shipped source files, every comune sits in a
// province and a region, and the codes the demo writes all exist.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OCCUPATIONS, SECTORS } from '../../demo/codes.ts';
import { territories } from '../../demo/territories.ts';
import {
  ensureShippedReference,
  REFERENCE_DIR,
  shippedReferenceFingerprint,
} from '../../warehouse/reference/loadReferenceData.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

function sourceRows(file: string): number {
  return (parse(readFileSync(join(REFERENCE_DIR, file)), { columns: true }) as unknown[]).length;
}

describe('reference data', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
  });
  afterAll(() => t.cleanup());

  it('has the counts of the ISTAT and classification files', async () => {
    const count = async (table: string) => t.wh.scalar<number>(`select count(*) from ${table}`);
    expect(await count('ref.comuni')).toBe(7896);
    expect(await count('ref.provinces')).toBe(110);
    expect(await count('ref.regions')).toBe(20);
    expect(await count('ref.comuni')).toBe(sourceRows('comuni.csv'));
    expect(await count('ref.provinces')).toBe(sourceRows('province.csv'));
    expect(await count('ref.regions')).toBe(sourceRows('regioni.csv'));
    expect(await count('ref.occupations_cp2021')).toBe(sourceRows('cp2021.csv'));
    expect(await count('ref.occupations_isco08')).toBe(sourceRows('isco08.csv'));
    expect(await count('ref.isced')).toBe(sourceRows('isced.csv'));
    expect(await count('ref.code_lists')).toBe(sourceRows('code_lists.csv'));
    expect(await count('ref.context_labels')).toBe(sourceRows('context_labels.csv'));
    expect(await count('ref.sectors_ateco')).toBe(
      sourceRows('ateco_2007_agg2022.csv') + sourceRows('ateco_2025.csv'),
    );
  });

  it('every comune has a province and a region, every province a region', async () => {
    expect(
      await t.wh.scalar<number>(
        `select count(*) from ref.comuni c left join ref.provinces p using (cod_uts)
         left join ref.regions r on r.cod_regione = c.cod_regione where p.cod_uts is null or r.cod_regione is null`,
      ),
    ).toBe(0);
    expect(
      await t.wh.scalar<number>(
        `select count(*) from ref.provinces p left join ref.regions r using (cod_regione) where r.cod_regione is null`,
      ),
    ).toBe(0);
  });

  it('reloads the shipped files at start when a new version changed them, and only then', async () => {
    expect(await t.wh.scalar('select fingerprint from ops.shipped_reference')).toBe(shippedReferenceFingerprint());
    expect(await ensureShippedReference(t.wh)).toBe(false);
    // A warehouse initialised by an older version: the context labels catalogue did not exist yet.
    await t.wh.run(`delete from ref.context_labels`);
    await t.wh.run(`update ops.shipped_reference set fingerprint = 'an older copy'`);
    expect(await ensureShippedReference(t.wh)).toBe(true);
    expect(await t.wh.scalar<number>('select count(*) from ref.context_labels')).toBe(sourceRows('context_labels.csv'));
    expect(await t.wh.scalar('select fingerprint from ops.shipped_reference')).toBe(shippedReferenceFingerprint());
  });

  it('maps every CP2021 major group to an ISCO-08 major group (major-group level only)', async () => {
    expect(
      await t.wh.scalar<number>(
        `select count(distinct cp2021_major) from ref.occupation_major_map`,
      ),
    ).toBe(9);
  });

  it('knows every code the demo writes', async () => {
    const occ = OCCUPATIONS.map(([c]) => c);
    const found = await t.wh.rows<{ code: string }>(
      `select code from ref.occupations_cp2021 where level = 5 and list_contains(string_split($1, ','), code)`,
      [occ.join(',')],
    );
    expect(found.map((f) => f.code).sort()).toEqual([...occ].sort());
    const sectors = SECTORS.map(([c]) => c);
    const s = await t.wh.rows<{ code: string }>(
      `select distinct code from ref.sectors_ateco where list_contains(string_split($1, ','), code)`,
      [sectors.join(',')],
    );
    expect(s.map((f) => f.code).sort()).toEqual([...sectors].sort());
    const uts = await t.wh.rows<{ cod_uts: string; n: number }>(
      `select cod_uts, count(*) n from ref.comuni where cod_uts in ('272','237','077','076','011') group by 1 order by 1`,
    );
    const terr = territories();
    for (const u of uts) expect(terr.find((x) => x.cod_uts === u.cod_uts)!.comuni.length).toBe(u.n);
  });
});
