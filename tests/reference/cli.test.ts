// `osservatorio reference update` as an operator runs it: the real CLI process
// on a real warehouse file; a refusal exits 2 with file, row, column and rule.
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TempWarehouse } from '../helpers/warehouse.ts';
import { ATECO_2025, codesPerLevel, editedWorkbook, rowsOf, sheetRows } from './atecoStructure.ts';
import {
  closedWarehouse,
  codes,
  DIR,
  ISTAT_VARIATIONS,
  istatLine,
  LIST_2019,
  LIST_2023,
  listWithout,
  MERGED_2023,
  VARIATIONS,
  variationRow,
} from './comuniLists.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'cli', 'osservatorio.js');

function cli(args: string[]) {
  return run(process.execPath, [CLI, ...args]);
}

describe('osservatorio reference update', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await closedWarehouse();
  });
  afterAll(() => t.cleanup());

  it('loads the older list, refuses the newer one without variations (exit 2), then loads it with them', async () => {
    const first = await cli([
      'reference',
      'update',
      join(DIR, LIST_2019.file),
      '--as-of',
      LIST_2019.asOf,
      '--db',
      t.dbPath,
    ]);
    expect(first.stdout).toContain(
      `Comuni list of ${LIST_2019.asOf} loaded (reference load 1): ${codes(LIST_2019.file).length} comuni`,
    );

    const refused = await cli([
      'reference',
      'update',
      join(DIR, LIST_2023.file),
      '--as-of',
      LIST_2023.asOf,
      '--db',
      t.dbPath,
    ]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused?.code).toBe(2);
    const row = codes(LIST_2019.file).indexOf('012009') + 2;
    expect(refused?.stderr).toContain(
      `${LIST_2019.file}, row ${row}, column 'Codice Comune formato alfanumerico': comune 012009 (Bardello) is not in ${LIST_2023.file}`,
    );
    expect(refused?.stderr).toContain('[unexplained_disappearance]');

    const second = await cli([
      'reference',
      'update',
      join(DIR, LIST_2023.file),
      '--as-of',
      LIST_2023.asOf,
      '--variations',
      join(DIR, VARIATIONS),
      '--db',
      t.dbPath,
      '--json',
    ]);
    const summary = JSON.parse(second.stdout) as {
      referenceLoadId: number;
      rows: number;
      variations: Record<string, number>;
    };
    expect(summary.referenceLoadId).toBe(2);
    expect(summary.rows).toBe(codes(LIST_2023.file).length);
    expect(summary.variations.province_change).toBe(1);
  }, 240_000);

  it('refuses a bad --as-of as a usage error (exit 1)', async () => {
    const e = await cli([
      'reference',
      'update',
      join(DIR, LIST_2023.file),
      '--as-of',
      '10/11/2023',
      '--db',
      t.dbPath,
    ]).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(e?.code).toBe(1);
    expect(e?.stderr).toContain("--as-of must be a date YYYY-MM-DD, got '10/11/2023'");
  }, 240_000);

  it('recognises an ATECO structure workbook: asks its version (exit 1), refuses a bad one (exit 2), loads it', async () => {
    const fail = (e: { code: number; stderr: string }) => e;
    const noVersion = await cli([
      'reference',
      'update',
      ATECO_2025,
      '--as-of',
      '2025-04-01',
      '--db',
      t.dbPath,
    ]).then(() => null, fail);
    expect(noVersion?.code).toBe(1);
    expect(noVersion?.stderr).toContain(
      'is an ATECO structure: say which version it is with --ateco-version 2007|2025',
    );

    const rows = await sheetRows();
    const orphan = rowsOf(rows, '01.1');
    const bad = await editedWorkbook(join(t.dir, 'ateco_bad.xlsx'), (ws) =>
      ws.spliceRows(orphan[0]!, orphan.length),
    );
    const refused = await cli([
      'reference',
      'update',
      bad,
      '--as-of',
      '2025-04-01',
      '--ateco-version',
      '2025',
      '--db',
      t.dbPath,
    ]).then(() => null, fail);
    expect(refused?.code).toBe(2);
    const row = rowsOf(rows, '01.11')[0]! - orphan.length;
    expect(refused?.stderr).toContain(
      `ateco_bad.xlsx, row ${row}, column 'CODICE_PADRE': the parent 01.1 of code 01.11 is not in the file [ateco_parent]`,
    );

    const ok = await cli([
      'reference',
      'update',
      ATECO_2025,
      '--as-of',
      '2025-04-01',
      '--ateco-version',
      '2025',
      '--db',
      t.dbPath,
    ]);
    const perLevel = codesPerLevel(rows);
    expect(ok.stdout).toContain(
      `ATECO 2025 structure of 2025-04-01 loaded (reference load 3): ${new Set(rows.map((r) => r.code)).size} codes, ${rows.filter((r) => r.note).length} notes from ${rows.length} rows`,
    );
    expect(ok.stdout).toContain(
      `codes per level: ${Object.entries(perLevel)
        .map(([l, n]) => `${l}: ${n}`)
        .join(', ')}`,
    );
  }, 240_000);

  it("takes ISTAT's variations file as published for --variations, and reports the rows it does not load", async () => {
    // The lists without the comuni merged in 2023, which the ISTAT copy (2022) predates.
    const w = await closedWarehouse(listWithout(LIST_2019.file, MERGED_2023));
    try {
      const list2023 = join(w.dir, LIST_2023.file);
      writeFileSync(list2023, listWithout(LIST_2023.file, MERGED_2023));
      const ok = await cli([
        'reference',
        'update',
        list2023,
        '--as-of',
        LIST_2023.asOf,
        '--variations',
        join(DIR, ISTAT_VARIATIONS),
        '--db',
        w.dbPath,
      ]);
      expect(ok.stdout).toContain(
        'variations: 1 mergers, 3 renames, 1 changes of province, 0 renumberings',
      );
      expect(ok.stdout).toContain(
        `${ISTAT_VARIATIONS} (ISTAT variations since 1991): 37 rows; 15 change a code (ES, AP), 2 of them used by this list, 13 about codes not in it; ` +
          '22 change no code and are not loaded (9 CS, 3 AQES, 1 CECS, 3 CD, 2 AQ, 4 CE)',
      );
    } finally {
      w.cleanup();
    }
  }, 240_000);

  describe('with --variations given more than once', () => {
    // The 2023 list with our CSV and ISTAT's file: Vendrogno is in both, the same way.
    const both = [
      '--variations',
      join(DIR, VARIATIONS),
      '--variations',
      join(DIR, ISTAT_VARIATIONS),
    ];
    const vendrognoIstatRow = istatLine('097085').row;
    const vendrognoOurRow = variationRow('097085');
    let w: TempWarehouse;
    beforeEach(async () => {
      w = await closedWarehouse(readFileSync(join(DIR, LIST_2019.file)));
    });
    afterEach(() => w.cleanup());

    const update = (extra: string[]) =>
      cli([
        'reference',
        'update',
        join(DIR, LIST_2023.file),
        '--as-of',
        LIST_2023.asOf,
        ...extra,
        '--db',
        w.dbPath,
      ]);

    it('prints what each file gave and which row was used for a code both give', async () => {
      const ok = await update(both);
      expect(ok.stdout).toContain(
        'variations: 6 mergers, 3 renames, 1 changes of province, 0 renumberings',
      );
      expect(ok.stdout).toContain(
        `  ${VARIATIONS} (old_code,new_code,kind): 6 rows, 5 used by this list, 1 the same as a row used from another file\n`,
      );
      expect(ok.stdout).toContain(
        `  ${ISTAT_VARIATIONS} (ISTAT variations since 1991): 37 rows; 15 change a code (ES, AP), 2 of them used by this list, 13 about codes not in it;`,
      );
      expect(ok.stdout).toContain(
        `  097085 → 097008 (merger) is in ${ISTAT_VARIATIONS}, row ${vendrognoIstatRow} and in ${VARIATIONS}, row ${vendrognoOurRow}: ` +
          `the row of ${ISTAT_VARIATIONS} was used`,
      );
    }, 240_000);

    it('refuses the same file twice as a usage error (exit 1), then reports each file in --json', async () => {
      const fail = (e: { code: number; stderr: string }) => e;
      const twice = await update([
        '--variations',
        join(DIR, VARIATIONS),
        '--variations',
        join(DIR, VARIATIONS),
      ]).then(() => null, fail);
      expect(twice?.code).toBe(1);
      expect(twice?.stderr).toContain('--variations is given the same file twice');

      const copy = join(w.dir, 'copia.csv');
      copyFileSync(join(DIR, VARIATIONS), copy);
      const sameBytes = await update([
        '--variations',
        join(DIR, VARIATIONS),
        '--variations',
        copy,
      ]).then(() => null, fail);
      expect(sameBytes?.code).toBe(1);
      expect(sameBytes?.stderr).toContain(`'${copy}', the same bytes`);

      const ok = await update([...both, '--json']);
      const r = JSON.parse(ok.stdout) as {
        referenceLoadId: number;
        variationsFiles: Record<string, unknown>[];
        repeatedVariations: unknown[];
      };
      // Nothing was loaded by the refused runs: this is the second list loaded.
      expect(r.referenceLoadId).toBe(2);
      expect(r.variationsFiles).toEqual([
        {
          file: VARIATIONS,
          format: 'declared',
          history: false,
          rows: 6,
          changes: 6,
          used: 5,
          sameAsUsed: 1,
          notInThisUpdate: 0,
        },
        {
          file: ISTAT_VARIATIONS,
          format: 'istat',
          history: true,
          rows: 37,
          changes: 15,
          used: 2,
          sameAsUsed: 0,
          notInThisUpdate: 13,
          otherRows: { CS: 9, AQES: 3, CECS: 1, CD: 3, AQ: 2, CE: 4 },
        },
      ]);
      expect(r.repeatedVariations).toEqual([
        {
          oldCode: '097085',
          newCode: '097008',
          kind: 'merger',
          used: { file: ISTAT_VARIATIONS, row: vendrognoIstatRow },
          also: [{ file: VARIATIONS, row: vendrognoOurRow }],
        },
      ]);
    }, 240_000);
  });
});
