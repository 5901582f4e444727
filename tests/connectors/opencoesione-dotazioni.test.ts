// OpenCoesione programme allocations (dotazioni): the real table in
// tests/fixtures/opencoesione (see its README) is recognised by its header and
// loaded whole; a programme with two funds keeps both, merged cells are read
// as the row above, English thousands commas are read exactly, the closing
// total rows are counted and not loaded, and an amount not printed is no
// figure. Expected sums are recomputed here from the fixture's own cells.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor, loadPublicFile } from '../../ingest/connectors/loadPublicFile.ts';
import { readNumber } from '../../ingest/official/numbers.ts';
import { programmeAllocations } from '../../warehouse/programmes/programmeAllocations.ts';
import { FIXTURES, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const DOT = join(FIXTURES, 'opencoesione', 'dotazioni_programmi_2014_2020.csv');
const TODAY = '2025-07-31';
const table = parse(readFileSync(DOT)) as string[][];
const header = table[0].map((h) => h.trim());
const col = (name: string) => header.indexOf(name);
const euros = (text: string) => Number(text.replace(/,/g, ''));

describe('OpenCoesione programme allocations', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
  });
  afterAll(() => t.cleanup());

  it('is recognised by its header', async () => {
    expect((await connectorFor(DOT))?.name).toBe('opencoesione_dotazioni');
  });

  it('reads English thousands commas exactly, and refuses what would need a guess', () => {
    expect(readNumber('1,849,829,507', 'english')).toEqual({ ok: true, value: 1849829507 });
    expect(readNumber('1,234,567.89', 'english')).toEqual({ ok: true, value: 1234567.89 });
    expect(readNumber('1,20', 'english')).toEqual({ ok: false, rule: 'number_ambiguous' });
    expect(readNumber('8.871.552', 'english')).toEqual({ ok: false, rule: 'number_ambiguous' });
    expect(readNumber('1,205', 'dot')).toEqual({ ok: false, rule: 'number_ambiguous' });
  });

  it('loads one figure per programme, fund, category and date printed; totals are not rows', async () => {
    const r = await loadPublicFile(t.wh, DOT, { source: 'opencoesione', today: TODAY });
    const res = r!.results[0];
    expect(res.status, JSON.stringify(res.errors)).toBe('loaded');
    const dates = header.filter((h) => /^DOTAZIONE TOTALE/.test(h));
    const programmeRows = table.slice(1).filter((x) => !/^(Totale|di cui)/.test(x[2].trim()));
    const totalRows = table.length - 1 - programmeRows.length;
    const printed = programmeRows.reduce(
      (n, x) =>
        n + dates.filter((d) => x[col(d)] !== '' || x[col(d.replace('TOTALE', 'UE'))] !== '').length,
      0,
    );
    expect(res.rows).toBe(printed);
    expect(await t.wh.scalar(`select count(*) from core.programme_allocations`)).toBe(printed);
    expect(r!.notes.find((n) => n.rule === 'total_row_skipped')).toMatchObject({
      count: totalRows,
      rows: [table.length - 2, table.length - 1, table.length],
    });
  });

  it('keeps both funds of a two-fund programme, categories added up at the newest date', async () => {
    // PON Città metropolitane: rows 2–7 of the file, FESR and FSE alternating.
    const last = 'DOTAZIONE TOTALE PROGRAMMA 20160930';
    const metro = table.slice(1, 7);
    expect(metro[0][0]).toBe('CCI 2014IT16M2OP004');
    const sum = (fund: string, c: string) =>
      metro.filter((x) => x[2] === fund).reduce((s, x) => s + euros(x[col(c)]), 0);
    const rows = await programmeAllocations(t.wh, '2014IT16M2OP004');
    expect(rows.map((x) => [x.fund, x.as_of, x.total_amount, x.eu_amount, x.categories])).toEqual([
      ['FESR', '2016-09-30', sum('FESR', last), sum('FESR', last.replace('TOTALE', 'UE')), 3],
      ['FSE', '2016-09-30', sum('FSE', last), sum('FSE', last.replace('TOTALE', 'UE')), 3],
    ]);
    // An FSE row with an empty category cell sits under the FESR row above it.
    expect(
      await t.wh.scalar(
        `select count(*) from core.programme_allocations
          where programme_code = '2014IT16M2OP004' and fund = 'FSE' and region_category = 'Regioni in transizione'`,
      ),
    ).toBe(3);
    // Not yet allocated at the first two dates: no figure at all, never 0.
    expect(
      await t.wh.scalar(
        `select count(*) from core.programme_allocations
          where programme_code = '2014IT16M2OP004' and as_of < '2015-12-31'`,
      ),
    ).toBe(0);
  });

  it('reads a fund printed once for several categories, and the CCI as printed', async () => {
    const rows = await programmeAllocations(t.wh, '2014IT05M90P001');
    const iog = table.find((x) => x[2] === 'IOG')!;
    expect(rows.map((x) => [x.fund, x.categories])).toEqual([
      ['FSE', 3],
      ['IOG', 1],
    ]);
    expect(rows[1].total_amount).toBe(euros(iog[col('DOTAZIONE TOTALE PROGRAMMA 20160930')]));
    // Puglia: one CCI, two funds on two full rows.
    const puglia = await programmeAllocations(t.wh, '2014IT16M2OP002');
    expect(puglia.map((x) => x.fund)).toEqual(['FESR', 'FSE']);
  });

  it('refuses a table with an amount in another grouping, naming row and column', async () => {
    const u = await tempWarehouse();
    try {
      const text = readFileSync(DOT, 'utf8').replaceAll('"8,871,552"', '"8.871.552"');
      const bad = join(u.dir, 'dotazioni.csv');
      writeFileSync(bad, text);
      const row = text.split('\n').findIndex((l) => l.includes('"8.871.552"')) + 1;
      const r = await loadPublicFile(u.wh, bad, { source: 'opencoesione', today: TODAY });
      expect(r!.results[0].status).toBe('refused');
      expect(r!.results[0].errors.map((e) => [e.rule, e.row, e.column])).toEqual([
        ['number_ambiguous', row, 'DOTAZIONE TOTALE PROGRAMMA 20151231'],
        ['number_ambiguous', row, 'DOTAZIONE TOTALE PROGRAMMA 20160630'],
        ['number_ambiguous', row, 'DOTAZIONE TOTALE PROGRAMMA 20160930'],
      ]);
      expect(await u.wh.scalar(`select count(*) from core.programme_allocations`)).toBe(0);

      const extra = readFileSync(DOT, 'utf8').replace('OC_AREA_OBIETTIVO_UE,', 'OC_AREA_OBIETTIVO_UE,NOTE,');
      writeFileSync(bad, extra);
      const r2 = await loadPublicFile(u.wh, bad, { source: 'opencoesione', today: TODAY });
      expect(r2!.results[0].errors.map((e) => [e.rule, e.row, e.column])).toEqual([['column_unknown', 1, 'NOTE']]);
    } finally {
      u.cleanup();
    }
  });
});
