// `reference update` on a real DuckDB file: the 2019 then the 2023 excerpt of
// ISTAT's Elenco comuni build the validity history, apply the variations
// (mergers from the variations file, Montecopiolo's change of province by its
// codice catastale, renames), roll past codes up to today's comune, and refuse
// — changing nothing — a list where a code disappears unexplained.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseComuniVariations } from '../../warehouse/reference/comuniVariationsFile.ts';
import { loadReferenceData } from '../../warehouse/reference/loadReferenceData.ts';
import { ReferenceFileError } from '../../warehouse/reference/referenceFileError.ts';
import { updateComuni } from '../../warehouse/reference/updateComuni.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import {
  codes,
  DIR,
  LIST_2019,
  LIST_2023,
  loadList2019,
  loadBothLists,
  VARIATIONS,
  variationRows,
} from './comuniLists.ts';

describe('updateComuni', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  it('keeps the history of two lists with validity dates and the variations between them', async () => {
    const summary = await loadBothLists(t);
    const c2019 = codes(LIST_2019.file);
    const c2023 = codes(LIST_2023.file);
    const gone = c2019.filter((c) => !c2023.includes(c));
    const appeared = c2023.filter((c) => !c2019.includes(c));
    expect(gone.sort()).toEqual([
      '005079',
      '005110',
      '012009',
      '012018',
      '012095',
      '041033',
      '097085',
    ]);
    expect(appeared.sort()).toEqual(['005122', '012144', '081025', '099030']);

    // Codes of the first list: valid since before it; gone codes closed on the day of the second list.
    const h = await t.wh.rows<{
      comune_code: string;
      valid_from: string | null;
      valid_to: string | null;
    }>(
      `select comune_code, valid_from::VARCHAR as valid_from, valid_to::VARCHAR as valid_to
       from ref.comuni_history order by comune_code, opened_by`,
    );
    for (const code of gone)
      expect(h.filter((r) => r.comune_code === code)).toEqual([
        { comune_code: code, valid_from: null, valid_to: LIST_2023.asOf },
      ]);
    for (const code of appeared)
      expect(h.filter((r) => r.comune_code === code)).toEqual([
        { comune_code: code, valid_from: LIST_2023.asOf, valid_to: null },
      ]);
    // A rename keeps the code and splits its validity at the second list.
    expect(h.filter((r) => r.comune_code === '001199')).toEqual([
      { comune_code: '001199', valid_from: null, valid_to: LIST_2023.asOf },
      { comune_code: '001199', valid_from: LIST_2023.asOf, valid_to: null },
    ]);
    expect(
      await t.wh.scalar(
        `select name from ref.comuni_history where comune_code = '001199' and valid_to is null`,
      ),
    ).toBe('Pont Canavese');

    // Variations: mergers as declared, Montecopiolo by its codice catastale, renames found by name.
    const v = await t.wh.rows<{
      old_code: string;
      new_code: string;
      kind: string;
      valid_from: string;
    }>(
      `select old_code, new_code, kind, valid_from::VARCHAR as valid_from from ref.comuni_variations order by kind, old_code`,
    );
    const mergers = variationRows().map((r) => ({
      old_code: r.oldCode,
      new_code: r.newCode,
      kind: 'merger',
      valid_from: LIST_2023.asOf,
    }));
    expect(v.filter((r) => r.kind === 'merger')).toEqual(mergers);
    expect(v.filter((r) => r.kind === 'province_change')).toEqual([
      {
        old_code: '041033',
        new_code: '099030',
        kind: 'province_change',
        valid_from: LIST_2023.asOf,
      },
    ]);
    expect(v.filter((r) => r.kind === 'rename').map((r) => r.old_code)).toEqual([
      '001199',
      '006045',
      '021053',
    ]);
    expect(summary.variations).toEqual({
      merger: mergers.length,
      rename: 3,
      province_change: 1,
      renumbering: 0,
    });

    // Roll-up: every gone code leads to a comune of today.
    const rollup = await t.wh.rows<{ old_code: string; current_code: string }>(
      `select old_code, current_code from ref.comuni_rollup order by old_code`,
    );
    expect(rollup).toEqual(
      [
        ...mergers.map((m) => ({ old_code: m.old_code, current_code: m.new_code })),
        { old_code: '041033', current_code: '099030' },
      ].sort((a, b) => a.old_code.localeCompare(b.old_code)),
    );
    // Today's territory is the newest list; re-running init keeps it.
    expect(
      (await t.wh.rows<{ c: string }>(`select comune_code as c from ref.comuni order by 1`)).map(
        (r) => r.c,
      ),
    ).toEqual([...c2023].sort());
    await loadReferenceData(t.wh);
    expect(await t.wh.scalar(`select count(*) from ref.comuni`)).toBe(c2023.length);
    expect(
      await t.wh.rows(
        `select kind, file_name, as_of::VARCHAR as as_of, rows from ops.reference_loads order by as_of`,
      ),
    ).toEqual([
      { kind: 'comuni', file_name: LIST_2019.file, as_of: LIST_2019.asOf, rows: c2019.length },
      { kind: 'comuni', file_name: LIST_2023.file, as_of: LIST_2023.asOf, rows: c2023.length },
    ]);
  });

  it('refuses a list where a code disappears with no variation, naming the code, file and row, and changes nothing', async () => {
    await loadList2019(t);
    const before = await t.wh.scalar(`select count(*) from ref.comuni_history`);
    const without = readFileSync(join(DIR, VARIATIONS), 'utf8').replace(
      '097085,097008,merger\n',
      '',
    );
    try {
      await updateComuni(t.wh, {
        ...LIST_2023,
        bytes: readFileSync(join(DIR, LIST_2023.file)),
        variations: [{ file: VARIATIONS, rows: parseComuniVariations(without, VARIATIONS) }],
      });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(ReferenceFileError);
      const vendrognoRow = codes(LIST_2019.file).indexOf('097085') + 2;
      expect((e as ReferenceFileError).issues).toEqual([
        expect.objectContaining({
          rule: 'unexplained_disappearance',
          file: LIST_2019.file,
          row: vendrognoRow,
          column: 'Codice Comune formato alfanumerico',
          message: expect.stringContaining(
            'comune 097085 (Vendrogno) is not in elenco_comuni_2023_excerpt.csv',
          ),
        }),
      ]);
    }
    expect(await t.wh.scalar(`select count(*) from ref.comuni_history`)).toBe(before);
    expect(await t.wh.scalar(`select count(*) from ops.reference_loads`)).toBe(1);
    expect(await t.wh.scalar(`select count(*) from ref.comuni_variations`)).toBe(0);
  });

  it('refuses a list not newer than the last one, and a variation naming a code that did not disappear', async () => {
    await loadBothLists(t);
    const again = updateComuni(t.wh, {
      ...LIST_2019,
      asOf: '2020-01-01',
      bytes: readFileSync(join(DIR, LIST_2019.file)),
    });
    await expect(again).rejects.toMatchObject({
      issues: [
        {
          rule: 'as_of_order',
          file: LIST_2019.file,
          message: `the list is dated 2020-01-01, not after the newest list already loaded (${LIST_2023.asOf}); lists are loaded oldest first`,
        },
        {
          rule: 'already_loaded',
          file: LIST_2019.file,
          message: `the same bytes were already loaded as ${LIST_2019.file} (list of ${LIST_2019.asOf})`,
        },
      ],
    });

    const t2 = await tempWarehouse();
    try {
      await loadList2019(t2);
      const extra = readFileSync(join(DIR, VARIATIONS), 'utf8') + '015146,012144,merger\n';
      const r = updateComuni(t2.wh, {
        ...LIST_2023,
        bytes: readFileSync(join(DIR, LIST_2023.file)),
        variations: [{ file: 'v.csv', rows: parseComuniVariations(extra, 'v.csv') }],
      });
      await expect(r).rejects.toMatchObject({
        issues: [
          expect.objectContaining({
            rule: 'variation_unknown_code',
            file: 'v.csv',
            row: 8,
            column: 'old_code',
          }),
        ],
      });
    } finally {
      t2.cleanup();
    }
  });
});
