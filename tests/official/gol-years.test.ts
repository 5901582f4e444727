// INAPP's Focus GOL Tabella 1.1 as published in long form: per region, the
// prese in carico since the start, those of each year of intake (columns
// named 2022, 2023, …), the individuals reached and the share of the total
// taken in charge in the reference date's year. A year is loaded as counted
// at the newest reference date the file gives; while that year is still
// running the count is of the year so far, flagged provisional.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countedYear } from '../../ingest/official/countedYears.ts';
import { MappingInvalid, parseMapping } from '../../ingest/official/mapping.ts';
import { ingestPublication } from '../helpers/official.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { GOL_1_1, golRows } from './fixture.ts';

const SHIPPED = join(
  import.meta.dirname,
  '..',
  '..',
  'ingest',
  'official',
  'mappings',
  'inapp_focus_gol_regionale.yaml',
);
const rows = golRows(GOL_1_1);
const NEWEST = '2025-12-31';
const EARLIER = '2024-06-30';
/** Our code of a Tabella 1.1 label, written out for the ones the checks use. */
const CODE: Record<string, string> = { Basilicata: '17', Puglia: '16', Totale: 'IT' };

describe('Focus GOL Tabella 1.1', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  const yearly = (code: string) =>
    t.wh.rows<{ period: string; value: number; flags: string | null }>(
      `select period, value::DOUBLE as value, flags from core.official_series
        where measure = 'gol_prese_in_carico_anno' and territory_code = $1 and gol_path = '_T'
        order by period`,
      [code],
    );

  it('each year as counted at the newest reference date, the earlier counts named in the report', async () => {
    const r = await ingestPublication(t, GOL_1_1);
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    expect(r.connector).toBe('official:inapp_focus_gol_regionale');
    for (const label of Object.keys(CODE)) {
      const published = rows
        .filter((x) => x.data === NEWEST && x.etichetta === label && /^\d{4}$/.test(x.variabile))
        .map((x) => ({ period: x.variabile, value: x.valore, flags: null }));
      expect(published.map((x) => x.period)).toEqual(['2022', '2023', '2024', '2025']);
      expect(await yearly(CODE[label]), label).toEqual(published);
    }
    // Every region's 2022–2024 at 30/06/2024 gave way to the count at 31/12/2025.
    const earlierYears = rows.filter((x) => x.data === EARLIER && /^\d{4}$/.test(x.variabile));
    expect(earlierYears).toHaveLength(22 * 3);
    const note = r.notes?.find((n) => n.rule === 'year_counted_later_in_file');
    expect(note?.count).toBe(earlierYears.length);

    // The counts at each date: total since the start, individuals reached, the year's share.
    const basilicata = (date: string, v: string) =>
      rows.find((x) => x.data === date && x.etichetta === 'Basilicata' && x.variabile === v)!
        .valore;
    for (const date of [EARLIER, NEWEST])
      expect(
        await t.wh.rows(
          `select measure, value::DOUBLE as value from core.official_series
            where territory_code = '17' and period = $1 and period_type = 'date' order by measure`,
          [date],
        ),
        date,
      ).toEqual([
        { measure: 'gol_individui_presi_in_carico', value: basilicata(date, 'individui') },
        { measure: 'gol_prese_in_carico', value: basilicata(date, 'totale') },
        { measure: 'gol_prese_in_carico_quota_anno', value: basilicata(date, 'incidenza_pc') },
      ]);
    // The publication's own arithmetic: the years add up to the total (INAPP rounds: within 1).
    const years = (await yearly('17')).reduce((a, y) => a + y.value, 0);
    expect(Math.abs(years - basilicata(NEWEST, 'totale'))).toBeLessThanOrEqual(1);
  });

  it('a year still running at the reference date is the count so far, flagged provisional', async () => {
    // The same file with only the 30/06/2024 report, as an agency would have loaded it then.
    const mapping = join(t.dir, 'gol_giugno_2024.yaml');
    writeFileSync(
      mapping,
      readFileSync(SHIPPED, 'utf8').replace(
        /^observations:/m,
        `skip_rows:\n  - { column: data_riferimento, equals: "${NEWEST}", reason: a later report }\nobservations:`,
      ),
    );
    const r = await ingestPublication(t, GOL_1_1, mapping);
    expect(r.status, JSON.stringify(r.errors)).toBe('loaded');
    const published = (year: string) =>
      rows.find((x) => x.data === EARLIER && x.etichetta === 'Puglia' && x.variabile === year)!
        .valore;
    expect(await yearly('16')).toEqual([
      { period: '2022', value: published('2022'), flags: null },
      { period: '2023', value: published('2023'), flags: null },
      { period: '2024', value: published('2024'), flags: 'p' },
    ]);
  });
});

describe('a year named by a label, counted at a date', () => {
  const at = (d: string) => ({ ok: true as const, period: d, start: d, last: d });

  it('is the calendar year, provisional while it runs, impossible before it begins', () => {
    expect(countedYear('2025', at('2025-12-31'))).toEqual({
      ok: true,
      period: '2025',
      start: '2025-01-01',
      last: '2025-12-31',
      provisional: false,
    });
    expect(countedYear('2025', at('2025-06-30'))).toMatchObject({ ok: true, provisional: true });
    expect(countedYear('2026', at('2025-12-31'))).toEqual({
      ok: false,
      rule: 'period_outside_publication',
    });
    expect(countedYear('totale', at('2025-12-31'))).toBeUndefined();
  });

  it('a mapping reads the year from one column, and declares its measure', () => {
    const text = readFileSync(SHIPPED, 'utf8');
    expect(() =>
      parseMapping(text.replace('by: [variabile]', 'by: [variabile, percorso]'), 'x.yaml'),
    ).toThrow(/`years` reads the year from one column/);
    expect(() =>
      parseMapping(
        text.replace('years: gol_prese_in_carico_anno', 'years: gol_undeclared'),
        'x.yaml',
      ),
    ).toThrow(MappingInvalid);
  });
});
