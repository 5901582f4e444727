// ISTAT's own "Variazioni amministrative e territoriali dal 1991" file, read as
// published (a real excerpt, Windows-1252, ';'), given to a reference update in
// place of our hand-written CSV: the same variations and roll-up, the rows
// that change no code counted, and a malformed row refused with row, column and
// rule before anything is loaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIstatVariations } from '../../warehouse/reference/istatVariationsFile.ts';
import { ReferenceFileError } from '../../warehouse/reference/referenceFileError.ts';
import { updateComuni } from '../../warehouse/reference/updateComuni.ts';
import { readVariationsFile } from '../../warehouse/reference/variationsFile.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import {
  DIR,
  ISTAT_VARIATIONS,
  LIST_2019,
  LIST_2023,
  loadList2019,
  listWithout,
  MERGED_2023,
  VARIATIONS,
} from './comuniLists.ts';

const istatBytes = () => readFileSync(join(DIR, ISTAT_VARIATIONS));

/** The rows' types read straight from the lines (the type is the second field, never quoted). */
function typesInFixture(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of istatBytes().toString('latin1').split('\n').slice(1).filter(Boolean)) {
    const type = line.split(';')[1]!.trim();
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

async function tableRows(t: TempWarehouse) {
  return {
    variations: await t.wh.rows(
      `select old_code, new_code, kind, valid_from::VARCHAR as valid_from from ref.comuni_variations order by kind, old_code`,
    ),
    rollup: await t.wh.rows(`select old_code, current_code from ref.comuni_rollup order by 1`),
    history: await t.wh.rows(
      `select comune_code, valid_from::VARCHAR as f, valid_to::VARCHAR as t, name from ref.comuni_history order by 1, 2`,
    ),
  };
}

describe("ISTAT's variations file", () => {
  it('reads the real excerpt: ES and AP rows as code changes, every other row counted by type', () => {
    const types = typesInFixture();
    expect(types).toEqual({ CD: 3, AP: 4, CE: 4, CS: 9, ES: 11, AQES: 3, AQ: 2, CECS: 1 });

    const v = readVariationsFile(istatBytes(), ISTAT_VARIATIONS);
    expect(v.format).toBe('istat');
    expect(v.history).toBe(true);
    const istat = v.istat!;
    expect(istat.rows).toBe(37);
    expect(istat.codeChanges).toHaveLength(types.ES! + types.AP!);
    expect(istat.otherRows).toEqual({ CS: 9, AQES: 3, CECS: 1, CD: 3, AQ: 2, CE: 4 });

    const byCode = new Map(istat.codeChanges.map((c) => [c.oldCode, c]));
    expect(byCode.get('097085')).toEqual({
      row: 26,
      oldCode: '097085',
      newCode: '097008',
      kind: 'merger',
      type: 'ES',
      year: 2020,
      name: 'Vendrogno',
      effective: '2020-01-01',
    });
    expect(byCode.get('041033')).toMatchObject({
      row: 36,
      newCode: '099030',
      kind: 'province_change',
      type: 'AP',
      effective: '2021-06-17',
    });
    // Vendrogno's move from Como to Lecco (1992), before ISTAT dated its rows.
    expect(byCode.get('013237')).toMatchObject({
      row: 3,
      newCode: '097085',
      kind: 'province_change',
      effective: null,
    });
    // The 2018 mergers in Lombardia (Centro Valle Intelvi) and Veneto (Borgo Veneto).
    expect(
      istat.codeChanges
        .filter((c) => ['013254', '028107'].includes(c.newCode))
        .map((c) => `${c.oldCode}>${c.newCode}:${c.kind}:${c.effective}`),
    ).toEqual([
      '013050>013254:merger:2018-01-01',
      '013060>013254:merger:2018-01-01',
      '013205>013254:merger:2018-01-01',
      '028074>028107:merger:2018-02-17',
      '028081>028107:merger:2018-02-17',
      '028051>028107:merger:2018-02-17',
    ]);
    // Names padded with spaces in ISTAT's file are read trimmed.
    expect(byCode.get('020006')).toMatchObject({ newCode: '020073', name: 'Borgofranco sul Po' });
  });

  it('refuses a header without one of its columns, naming the column', () => {
    const renamed = Buffer.from(
      istatBytes().toString('latin1').replace(';Tipo variazione;', ';Tipo;'),
      'latin1',
    );
    expect(() => parseIstatVariations(renamed, 'renamed.csv')).toThrow(
      expect.objectContaining({
        issues: [
          {
            rule: 'missing_column',
            file: 'renamed.csv',
            row: 1,
            column: 'Tipo variazione',
            message: `not ISTAT's "Variazioni amministrative e territoriali dal 1991" file: the header has no column 'Tipo variazione'`,
          },
        ],
      }),
    );
  });

  it('refuses a copy re-saved as UTF-8, and a file whose header is neither format, listing both', () => {
    const utf8 = Buffer.from(
      istatBytes()
        .toString('latin1')
        .replace(/\u0092/g, '\u2019'),
      'utf8',
    );
    expect(() => parseIstatVariations(utf8, 'resaved.csv')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ rule: 'encoding' })] }),
    );
    try {
      readVariationsFile(Buffer.from('codice;nuovo\n097085;097008\n'), 'other.csv');
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(ReferenceFileError);
      const [issue] = (e as ReferenceFileError).issues;
      expect(issue).toMatchObject({ rule: 'unrecognised_file', file: 'other.csv', row: 1 });
      expect(issue!.message).toContain("'old_code,new_code,kind'");
      expect(issue!.message).toContain("'Tipo variazione'");
      expect(issue!.message).toContain(
        "'Codice del Comune associato alla variazione o nuovo codice Istat del Comune'",
      );
    }
  });
});

describe('reference update with ISTAT variations file', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  it('gives the same history, variations and roll-up as our CSV for the same changes', async () => {
    // The lists without the comuni merged in 2023, which ISTAT's copy (2022) predates.
    const list2019 = listWithout(LIST_2019.file, MERGED_2023);
    const list2023 = listWithout(LIST_2023.file, MERGED_2023);
    const load = async (
      target: TempWarehouse,
      variations: ReturnType<typeof readVariationsFile>,
    ) => {
      await loadList2019(target, list2019);
      return updateComuni(target.wh, { ...LIST_2023, bytes: list2023, variations: [variations] });
    };

    const summary = await load(t, readVariationsFile(istatBytes(), ISTAT_VARIATIONS));
    expect(summary.variations).toEqual({
      merger: 1,
      rename: 3,
      province_change: 1,
      renumbering: 0,
    });
    expect(summary.variationsFiles).toEqual([
      {
        file: ISTAT_VARIATIONS,
        history: true,
        changes: 15,
        used: 2,
        sameAsUsed: 0,
        notInThisUpdate: 13,
      },
    ]);
    expect(summary.repeatedVariations).toEqual([]);
    const withIstat = await tableRows(t);
    expect(withIstat.variations.filter((v) => v.kind !== 'rename')).toEqual([
      { old_code: '097085', new_code: '097008', kind: 'merger', valid_from: LIST_2023.asOf },
      {
        old_code: '041033',
        new_code: '099030',
        kind: 'province_change',
        valid_from: LIST_2023.asOf,
      },
    ]);
    expect(withIstat.rollup).toEqual([
      { old_code: '041033', current_code: '099030' },
      { old_code: '097085', current_code: '097008' },
    ]);

    // Our CSV, its Vendrogno row as in the existing fixture; Montecopiolo by its codice catastale.
    const ours = readFileSync(join(DIR, VARIATIONS), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('old_code') || l.startsWith('097085'))
      .join('\n');
    const t2 = await tempWarehouse();
    try {
      const s2 = await load(t2, readVariationsFile(Buffer.from(ours), VARIATIONS));
      expect(s2.variations).toEqual(summary.variations);
      expect(await tableRows(t2)).toEqual(withIstat);
    } finally {
      t2.cleanup();
    }
  });

  it('refuses the 2023 list with a copy of the file older than its mergers, naming each code, and changes nothing', async () => {
    await loadList2019(t);
    const before = await tableRows(t);
    const r = updateComuni(t.wh, {
      ...LIST_2023,
      bytes: readFileSync(join(DIR, LIST_2023.file)),
      variations: [readVariationsFile(istatBytes(), ISTAT_VARIATIONS)],
    });
    const e = (await r.then(
      () => null,
      (err: unknown) => err,
    )) as ReferenceFileError;
    expect(e).toBeInstanceOf(ReferenceFileError);
    // Vendrogno (ES) and Montecopiolo (AP) are explained by the file; the 2023 mergers are not.
    expect(e.issues.map((i) => [i.rule, i.message.slice(0, 13)])).toEqual(
      ['005079', '005110', '012009', '012018', '012095'].map((c) => [
        'unexplained_disappearance',
        `comune ${c}`,
      ]),
    );
    expect(e.issues[0]!.message).toContain(`${ISTAT_VARIATIONS} has no ES or AP row for it`);
    expect(await tableRows(t)).toEqual(before);
    expect(await t.wh.scalar(`select count(*) from ops.reference_loads`)).toBe(1);
  });

  it('refuses a malformed row with its row, column and rule, before loading anything', async () => {
    await loadList2019(t);
    const before = await tableRows(t);
    const text = istatBytes().toString('latin1');
    const bad = Buffer.from(
      text
        .replace('2020;ES;03;097;097085;Vendrogno', '2020;ES;03;097;97085;Vendrogno')
        .replace('2021;AP;11;041;041060;Sassofeltrio', '2021;XP;11;041;041060;Sassofeltrio'),
      'latin1',
    );
    let error: unknown;
    try {
      await updateComuni(t.wh, {
        ...LIST_2023,
        bytes: readFileSync(join(DIR, LIST_2023.file)),
        variations: [readVariationsFile(bad, 'variazioni_bad.csv')],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReferenceFileError);
    expect((error as ReferenceFileError).issues).toEqual([
      expect.objectContaining({
        rule: 'code_format',
        file: 'variazioni_bad.csv',
        row: 26,
        column: 'Codice Comune formato alfanumerico',
      }),
      expect.objectContaining({
        rule: 'code_format',
        file: 'variazioni_bad.csv',
        row: 37,
        column: 'Tipo variazione',
        message: expect.stringContaining('ES, AP, CS, AQES, CECS, CD, AQ, CE'),
      }),
    ]);
    expect(await tableRows(t)).toEqual(before);
    expect(await t.wh.scalar(`select count(*) from ops.reference_loads`)).toBe(1);
  });
});
