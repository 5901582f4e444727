// Several variations files for one update, as an operator gives them: ISTAT's
// file as published (the real excerpt, which ends in 2022) and our own CSV for
// the 2023 mergers it predates. Where both give a code the same way the update
// loads and says which row it used; where they disagree nothing is loaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReferenceFileError } from '../../warehouse/reference/referenceFileError.ts';
import { updateComuni } from '../../warehouse/reference/updateComuni.ts';
import { readVariationsFile } from '../../warehouse/reference/variationsFile.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import {
  DIR,
  ISTAT_VARIATIONS,
  istatLine,
  LIST_2023,
  loadList2019,
  VARIATIONS,
  variationRow,
  variationRows,
} from './comuniLists.ts';

const istat = () => readVariationsFile(readFileSync(join(DIR, ISTAT_VARIATIONS)), ISTAT_VARIATIONS);
const ours = (text = readFileSync(join(DIR, VARIATIONS), 'utf8')) =>
  readVariationsFile(Buffer.from(text), VARIATIONS);

const istatRow = (code: string) => istatLine(code).row;

/** "Data decorrenza validità amministrativa" of a code's line, the last field but one, as YYYY-MM-DD. */
function istatEffective(code: string): string {
  const [d, m, y] = istatLine(code).fields.at(-2)!.split('/');
  return `${y}-${m}-${d}`;
}

async function tableCounts(t: TempWarehouse) {
  const n = (table: string) => t.wh.scalar<number>(`select count(*)::INTEGER from ${table}`);
  return {
    loads: await n('ops.reference_loads'),
    history: await n('ref.comuni_history'),
    variations: await n('ref.comuni_variations'),
    rollup: await n('ref.comuni_rollup'),
    comuni: await n('ref.comuni'),
  };
}

describe('reference update with several variations files', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
    await loadList2019(t);
  });
  afterEach(() => t.cleanup());

  it("loads the 2023 list with ours and ISTAT's file together, using ISTAT's row where both give a code", async () => {
    // Ours first: ISTAT's row is still the one used for the code both give (Vendrogno).
    const summary = await updateComuni(t.wh, {
      ...LIST_2023,
      bytes: readFileSync(join(DIR, LIST_2023.file)),
      variations: [ours(), istat()],
    });
    const declared = variationRows();
    expect(summary.variations).toEqual({
      merger: declared.length,
      rename: 3,
      province_change: 1,
      renumbering: 0,
    });
    expect(summary.variationsFiles).toEqual([
      {
        file: VARIATIONS,
        history: false,
        changes: declared.length,
        used: declared.length - 1,
        sameAsUsed: 1,
        notInThisUpdate: 0,
      },
      // Vendrogno (ES) and Montecopiolo (AP); the other 13 ES and AP rows are about other codes.
      {
        file: ISTAT_VARIATIONS,
        history: true,
        changes: 15,
        used: 2,
        sameAsUsed: 0,
        notInThisUpdate: 13,
      },
    ]);
    expect(summary.repeatedVariations).toEqual([
      {
        oldCode: '097085',
        newCode: '097008',
        kind: 'merger',
        used: { file: ISTAT_VARIATIONS, row: istatRow('097085') },
        also: [{ file: VARIATIONS, row: variationRow('097085') }],
      },
    ]);

    // The same variations and roll-up as our file alone, Montecopiolo by ISTAT's AP row.
    const v = await t.wh.rows<{ old_code: string; new_code: string; kind: string }>(
      `select old_code, new_code, kind from ref.comuni_variations where kind <> 'rename' order by old_code`,
    );
    expect(v).toEqual(
      [
        ...declared.map((d) => ({ old_code: d.oldCode, new_code: d.newCode, kind: 'merger' })),
        { old_code: '041033', new_code: '099030', kind: 'province_change' },
      ].sort((a, b) => a.old_code.localeCompare(b.old_code)),
    );
    expect(
      await t.wh.rows(`select old_code, current_code from ref.comuni_rollup order by 1`),
    ).toEqual(v.map((r) => ({ old_code: r.old_code, current_code: r.new_code })));

    // ISTAT's date of effect is stored for its rows; ours and those read from the lists have none.
    const effective = new Map(
      (
        await t.wh.rows<{ old_code: string; kind: string; effective: string | null }>(
          `select old_code, kind, effective::VARCHAR as effective from ref.comuni_variations`,
        )
      ).map((r) => [`${r.old_code} ${r.kind}`, r.effective]),
    );
    expect(istatEffective('097085')).toBe('2020-01-01');
    expect(effective.get('097085 merger')).toBe(istatEffective('097085'));
    expect(effective.get('041033 province_change')).toBe(istatEffective('041033'));
    for (const d of declared.filter((d) => d.oldCode !== '097085'))
      expect(effective.get(`${d.oldCode} merger`)).toBeNull();
    for (const code of ['001199', '006045', '021053'])
      expect(effective.get(`${code} rename`)).toBeNull();
    expect(
      await t.wh.scalar(
        `select count(*)::INTEGER from ref.comuni_variations where valid_from <> $1::DATE`,
        [LIST_2023.asOf],
      ),
    ).toBe(0);
  });

  it('refuses two files that send a code to different comuni, naming both rows, and loads nothing', async () => {
    const before = await tableCounts(t);
    const edited = readFileSync(join(DIR, VARIATIONS), 'utf8').replace(
      '097085,097008,merger',
      '097085,097080,merger',
    );
    let error: unknown;
    try {
      await updateComuni(t.wh, {
        ...LIST_2023,
        bytes: readFileSync(join(DIR, LIST_2023.file)),
        variations: [istat(), ours(edited)],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReferenceFileError);
    expect((error as ReferenceFileError).issues).toEqual([
      {
        rule: 'variation_conflict',
        file: VARIATIONS,
        row: variationRow('097085'),
        column: 'old_code',
        message:
          `code 097085 goes to 097080 (merger) here, but to 097008 (merger) in ${ISTAT_VARIATIONS}, ` +
          `row ${istatRow('097085')}: a code that disappears goes to one comune`,
      },
    ]);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('refuses the same code with the same target but another kind', async () => {
    const before = await tableCounts(t);
    // ISTAT's AP row says Montecopiolo changed province; a row of ours calling it a renumbering disagrees.
    const edited = readFileSync(join(DIR, VARIATIONS), 'utf8') + '041033,099030,renumbering\n';
    const r = updateComuni(t.wh, {
      ...LIST_2023,
      bytes: readFileSync(join(DIR, LIST_2023.file)),
      variations: [ours(edited), istat()],
    });
    await expect(r).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          rule: 'variation_conflict',
          file: ISTAT_VARIATIONS,
          row: istatRow('041033'),
          column: 'Codice Comune formato alfanumerico',
          message: expect.stringContaining(
            `goes to 099030 (province_change) here, but to 099030 (renumbering) in ${VARIATIONS}, row ${variationRows().length + 2}`,
          ),
        }),
      ],
    });
    expect(await tableCounts(t)).toEqual(before);
  });
});
