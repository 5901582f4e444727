// A province-level publication as an agency maps it: the Civil Protection's
// daily figures by province print the historical province codes (`001`
// Torino, `037` Bologna, `072` Bari), which name today's provinces and
// metropolitan cities (201, 237, 272), and Sardinia's provinces of 2017–2025
// (Sassari with Gallura, Sud Sardegna), which are none of today's: their
// rows are refused with the rule that says why, by code and by name — a 2020
// "Sassari" is never filed under today's smaller Sassari. With Sardinia's
// rows skipped, every other figure equals the fixture's.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestPublication } from '../helpers/official.ts';
import { DPC, dpcMapping, dpcRows, UNASSIGNED } from './dpcProvinces.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const FIXTURE = DPC;
const rows = dpcRows;
const mapping = dpcMapping;

describe('a province-level publication', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  function withMapping(by: 'code' | 'name', skipSardinia: boolean): string {
    const file = join(t.dir, `dpc_${by}_${skipSardinia}.yaml`);
    writeFileSync(file, mapping(by, skipSardinia));
    return file;
  }

  /** Rows of the fixture (header = row 1) in Sardinia's provinces. */
  const sardinianRows = rows
    .map((r, i) => ({ r, row: i + 2 }))
    .filter(
      ({ r }) => r.denominazione_regione === 'Sardegna' && r.denominazione_provincia !== UNASSIGNED,
    )
    .map(({ row }) => row);

  it.each(['code', 'name'] as const)(
    'by %s: Sardinia’s provinces of 2020 are refused at their rows, nothing loaded',
    async (by) => {
      expect(sardinianRows).toHaveLength(5);
      const r = await ingestPublication(t, FIXTURE, withMapping(by, false));
      expect(r.status).toBe('refused');
      const column = by === 'code' ? 'codice_provincia' : 'denominazione_provincia';
      expect(r.errors.map((e) => [e.rule, e.column, e.count, e.rows])).toEqual([
        ['territory_province_reorganised', column, 5, sardinianRows],
      ]);
      expect(r.errors[0].message).toMatch(/Sassari with Gallura/);
      expect(await t.wh.scalar('select count(*) from core.official_series')).toBe(0);
    },
  );

  it('historical codes land on today’s provinces, each figure as published', async () => {
    const r = await ingestPublication(t, FIXTURE, withMapping('code', true));
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    const loaded = await t.wh.rows<{
      source_territory: string;
      territory_code: string;
      value: number;
    }>(
      `select source_territory, territory_code, value::DOUBLE as value from core.official_series
        where dataset = 'dpc_casi_provincia' and territory_level = 'provincia' and period = '2020-05-23'
        order by source_territory`,
    );
    // Expected from the fixture and the shipped province list (historical code → UTS), not through the loader.
    const provinces = parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'warehouse', 'reference', 'province.csv')),
      { columns: true },
    ) as Record<string, string>[];
    const utsOf = new Map(provinces.map((p) => [p.cod_provincia_storico, p.cod_uts]));
    const expected = rows
      .filter(
        (x) => x.denominazione_regione !== 'Sardegna' && x.denominazione_provincia !== UNASSIGNED,
      )
      .map((x) => ({
        source_territory: x.codice_provincia,
        territory_code: utsOf.get(x.codice_provincia)!,
        value: Number(x.totale_casi),
      }))
      .sort((a, b) => a.source_territory.localeCompare(b.source_territory));
    expect(loaded).toEqual(expected);
    // The metropolitan cities: printed 001, 037 and 072, filed under 201, 237 and 272.
    expect(
      loaded
        .filter((x) => x.source_territory !== x.territory_code)
        .map((x) => `${x.source_territory}→${x.territory_code}`),
    ).toEqual(['001→201', '037→237', '072→272']);
    expect(
      r.notes?.find((n) => n.rule === 'rows_skipped_by_mapping' && /2021 reform/.test(n.message))
        ?.count,
    ).toBe(sardinianRows.length);
  });
});
