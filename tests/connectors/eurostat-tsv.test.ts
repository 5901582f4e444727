// Eurostat TSV (bulk download and API): two real excerpts, one per header
// layout, load into context_stats one observation per period, with the
// figures, flags and territories the file prints; a file that cannot be read
// without guessing is refused whole, with row and column.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor, loadPublicFile } from '../../ingest/connectors/loadPublicFile.ts';
import { datasetFromFileName, sdmxPeriod } from '../../ingest/connectors/eurostatTsv.ts';
import { tempDir, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { cellsOf, GDP_TSV, POPULATION_TSV } from '../helpers/eurostatTsv.ts';

const OLD = POPULATION_TSV; // unit,sex,age,geo\time
const NEW = GDP_TSV; // freq,unit,geo\TIME_PERIOD
const TODAY = '2025-07-31';

describe('Eurostat TSV', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
  });
  afterAll(() => t.cleanup());

  it('is recognised in both header layouts', async () => {
    expect((await connectorFor(OLD))?.name).toBe('eurostat_tsv');
    expect((await connectorFor(NEW))?.name).toBe('eurostat_tsv');
  });

  it('names periods as SDMX does and the dataset as Eurostat names the download', () => {
    expect(['2022 ', '2023Q1', '2023-Q1', '2023M01', '2023-01', '2023S2', '2023W05'].map(sdmxPeriod)).toEqual([
      '2022',
      '2023-Q1',
      '2023-Q1',
      '2023-01',
      '2023-01',
      '2023-S2',
      '2023-W05',
    ]);
    expect(sdmxPeriod('2023 annual')).toBeUndefined();
    expect(datasetFromFileName('/in/estat_nama_10r_3gdp.tsv')).toBe('NAMA_10R_3GDP');
    expect(datasetFromFileName('demo_r_pjanaggr3.tsv')).toBe('DEMO_R_PJANAGGR3');
    expect(datasetFromFileName('estat_une_rt_a_filtered_en.tsv')).toBe('UNE_RT_A');
    expect(datasetFromFileName('download (3).tsv')).toBeUndefined();
  });

  it('the old layout loads every cell as one observation, figures and flags as printed', async () => {
    const r = await loadPublicFile(t.wh, OLD, { source: 'eurostat', today: TODAY });
    const { cells } = cellsOf(OLD);
    expect(r!.results.map((x) => [x.status, x.rows])).toEqual([['loaded', cells.length]]);
    // Every figure equals its cell; `:` stays NULL with its flag, never 0.
    const loaded = await t.wh.rows<{ unit: string; sex: string; age: string; source_territory: string; period: string; value: number | null; flag: string | null }>(
      `select unit, sex, age, source_territory, period, value, flag from core.context_stats where dataset = 'DEMO_R_PJANAGGR3'`,
    );
    const byKey = new Map(loaded.map((x) => [`${x.unit},${x.sex},${x.age},${x.source_territory}|${x.period}`, x]));
    for (const c of cells) {
      const row = byKey.get(`${c.dims.join(',')}|${c.period}`)!;
      const [figure, flag] = c.cell.split(' ');
      expect(row.value, `${c.dims} ${c.period}`).toBe(figure === ':' ? null : Number(figure));
      expect(row.flag).toBe(figure === ':' ? ':' : flag || null);
    }
    // Basilicata and its two provinces, matched to our codes; the break of 2019 kept.
    expect(
      await t.wh.rows(
        `select source_territory, territory_code, territory_level, value, flag from core.context_stats
         where dataset = 'DEMO_R_PJANAGGR3' and sex = 'T' and age = 'TOTAL' and period = '2019' and source_territory like 'ITF5%' order by 1`,
      ),
    ).toEqual([
      { source_territory: 'ITF5', territory_code: '17', territory_level: 'regione', value: 558587, flag: 'b' },
      { source_territory: 'ITF51', territory_code: '076', territory_level: 'provincia', value: 362452, flag: 'b' },
      { source_territory: 'ITF52', territory_code: '077', territory_level: 'provincia', value: 196135, flag: 'b' },
    ]);
    // The old Sassari (ITG25) is no province of today's: kept with its code, and said so once for its row.
    const sassari = readFileSync(OLD, 'utf8').split('\n').findIndex((l) => l.startsWith('NR,T,TOTAL,ITG25\t')) + 1;
    expect(r!.notes.map((n) => [n.rule, n.count, n.rows])).toEqual([['territory_unmatched', 1, [sassari]]]);
    expect(r!.notes[0].message).toMatch(/^1 row of an Italian territory/);
  });

  it('the new layout loads with freq left out and decimals read with a dot', async () => {
    const r = await loadPublicFile(t.wh, NEW, { source: 'eurostat', today: TODAY });
    const { dimIds, cells } = cellsOf(NEW);
    expect(dimIds).toEqual(['freq', 'unit', 'geo']);
    expect(r!.results.map((x) => [x.status, x.rows])).toEqual([['loaded', cells.length]]);
    const matera = cells.find((c) => c.dims.join(',') === 'A,MIO_EUR,ITF52' && c.period === '2000')!;
    expect(
      await t.wh.one(
        `select indicator, unit, sex, age, breakdown, territory_code, value from core.context_stats
         where dataset = 'NAMA_10R_3GDP' and unit = 'MIO_EUR' and source_territory = 'ITF52' and period = '2000'`,
      ),
    ).toEqual({ indicator: 'NAMA_10R_3GDP', unit: 'MIO_EUR', sex: '_Z', age: '_Z', breakdown: '_Z', territory_code: '077', value: Number(matera.cell) });
    // Albania's 2021 figure carries Eurostat's provisional flag.
    expect(
      await t.wh.one(`select value, flag from core.context_stats where dataset = 'NAMA_10R_3GDP' and source_territory = 'AL' and unit = 'EUR_HAB' and period = '2021'`),
    ).toEqual({ value: 5400, flag: 'p' });
  });

  it('refuses, naming row and column, what it cannot read without guessing; nothing loads', async () => {
    const dir = tempDir();
    const w = await tempWarehouse();
    try {
      const refusal = async (name: string, text: string) => {
        const file = join(dir, name);
        writeFileSync(file, text);
        const r = await loadPublicFile(w.wh, file, { source: 'eurostat', today: TODAY });
        expect(r!.results.map((x) => x.status)).toEqual(['refused']);
        return r!.results[0].errors.map((e) => [e.rule, e.row, e.column]);
      };
      const lines = readFileSync(OLD, 'utf8').split('\n');
      // A download renamed by the browser: the dataset is not in the file.
      copyFileSync(OLD, join(dir, 'download (3).tsv'));
      const renamed = await loadPublicFile(w.wh, join(dir, 'download (3).tsv'), { source: 'eurostat', today: TODAY });
      expect(renamed!.results[0].errors.map((e) => e.rule)).toEqual(['dataset_unnamed']);
      // A row cut short (a cell lost), and a row whose key lost a dimension.
      const short = [...lines];
      short[3] = short[3].replace(/\t[^\t]*$/, '');
      expect(await refusal('demo_r_pjanaggr3.tsv', short.join('\n'))).toEqual([['row_cells', 4, 'unit,sex,age,geo\\time']]);
      const key = [...lines];
      key[5] = key[5].replace('NR,T,', 'NR,');
      expect(await refusal('demo_r_pjanaggr3.tsv', key.join('\n'))).toEqual([['row_dimensions', 6, 'unit,sex,age,geo\\time']]);
      // A column whose label is not a period.
      const head = [...lines];
      head[0] = head[0].replace('2020 ', 'Anno 2020');
      expect(await refusal('demo_r_pjanaggr3.tsv', head.join('\n'))).toEqual([['period_unrecognised', 1, 'Anno 2020']]);
      expect(await w.wh.scalar(`select count(*) from core.context_stats`)).toBe(0);
    } finally {
      w.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
