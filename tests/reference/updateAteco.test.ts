// `reference update` of ISTAT's ATECO structure on a real DuckDB file: the
// real excerpt (one row per note) is folded into one code with its notes, its
// codes per level equal those counted from the sheet, a later structure closes
// the validity of a code that left, the same bytes are refused, and a bad file
// (missing parent, malformed code, unknown level) changes nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readXlsxRecords } from '../../ingest/readers/xlsxRecords.ts';
import { loadReferenceData } from '../../warehouse/reference/loadReferenceData.ts';
import { ReferenceFileError } from '../../warehouse/reference/referenceFileError.ts';
import { updateAteco, type AtecoVersion } from '../../warehouse/reference/updateAteco.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { ATECO_2025, codesPerLevel, editedWorkbook, rowsOf, sheetRows } from './atecoStructure.ts';

const AS_OF = '2025-04-01';

async function load(
  t: TempWarehouse,
  path = ATECO_2025,
  asOf = AS_OF,
  version: AtecoVersion = '2025',
) {
  return updateAteco(t.wh, {
    file: path.split('/').pop()!,
    bytes: readFileSync(path),
    records: await readXlsxRecords(path),
    version,
    asOf,
  });
}

async function snapshot(t: TempWarehouse) {
  return t.wh.rows(
    `select (select count(*) from ref.sectors_ateco) as sectors,
            (select count(*) from ref.sectors_ateco where version = '2025') as v2025,
            (select count(*) from ref.sectors_ateco_history) as history,
            (select count(*) from ref.sectors_ateco_notes) as notes,
            (select count(*) from ops.reference_loads) as loads`,
  );
}

async function refusal(p: Promise<unknown>): Promise<ReferenceFileError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ReferenceFileError);
  return e as ReferenceFileError;
}

describe('updateAteco', () => {
  let t: TempWarehouse;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  it('folds one row per note into one code with its notes; codes per level as counted from the sheet', async () => {
    const rows = await sheetRows();
    const perLevel = codesPerLevel(rows);
    const codes = new Set(rows.map((r) => r.code));
    const noteRows = rows.filter((r) => r.note !== null);
    const v2007 = await t.wh.scalar(
      `select count(*) from ref.sectors_ateco where version = '2007'`,
    );

    const s = await load(t);
    expect(s.rows).toBe(rows.length);
    expect(s.codes).toBe(codes.size);
    expect(s.notes).toBe(noteRows.length);
    expect(s.perLevel).toEqual(perLevel);
    expect(s.opened).toBe(codes.size);

    const inDb = await t.wh.rows<{ level: number; n: number }>(
      `select level, count(*)::INTEGER as n from ref.sectors_ateco where version = '2025' group by level order by level`,
    );
    expect(Object.fromEntries(inDb.map((r) => [r.level, r.n]))).toEqual(perLevel);
    // The shipped 2025 copy is replaced by the structure loaded; 2007 is left as shipped.
    expect(await t.wh.scalar(`select count(*) from ref.sectors_ateco where version = '2007'`)).toBe(
      v2007,
    );

    // 01.11.00 fills many rows of the sheet, one per note: one code, every note, in file order.
    const r0111 = rowsOf(rows, '01.11.00');
    expect(r0111.length).toBeGreaterThan(1);
    expect(
      await t.wh.rows(
        `select code, level, parent_code, section, valid_from, valid_to from ref.sectors_ateco
         where version = '2025' and code = '01.11.00'`,
      ),
    ).toEqual([
      {
        code: '01.11.00',
        level: 6,
        parent_code: '01.11.0',
        section: 'A',
        valid_from: null,
        valid_to: null,
      },
    ]);
    const notes = await t.wh.rows<{ note_index: number; source_row: number; text_it: string }>(
      `select note_index, source_row, text_it from ref.sectors_ateco_notes
       where version = '2025' and code = '01.11.00' order by note_index`,
    );
    expect(notes.map((n) => n.source_row)).toEqual(r0111);
    expect(notes.map((n) => n.note_index)).toEqual(r0111.map((_, i) => i + 1));
    expect(notes.map((n) => n.text_it)).toEqual(
      rows.filter((r) => r.code === '01.11.00').map((r) => r.note!.trim()),
    );

    // A note written across two lines in the cell keeps its line break, not Excel's _x000D_.
    const multiLine = await t.wh.scalar<string>(
      `select text_it from ref.sectors_ateco_notes where text_it like '%componente%educativa%'`,
    );
    expect(multiLine).toContain('componente\r\neducativa');
    expect(multiLine).not.toContain('_x000D_');

    expect(
      await t.wh.rows(
        `select kind, file_name, as_of::VARCHAR as as_of, rows from ops.reference_loads`,
      ),
    ).toEqual([
      {
        kind: 'ateco_2025',
        file_name: 'ateco_2025_struttura_excerpt.xlsx',
        as_of: AS_OF,
        rows: rows.length,
      },
    ]);
  });

  it('keeps a code that left with valid_to, refuses the same bytes twice, and survives init', async () => {
    await load(t);
    const rows = await sheetRows();
    const gone = rowsOf(rows, '88.99.09');
    expect(gone).toHaveLength(1);
    const later = await editedWorkbook(join(t.dir, 'ateco_later.xlsx'), (ws) =>
      ws.spliceRows(gone[0]!, 1),
    );
    const s = await load(t, later, '2025-10-01');
    expect(s.closed).toBe(1);
    expect(s.opened).toBe(0);
    expect(
      await t.wh.rows(
        `select code, valid_from::VARCHAR as valid_from, valid_to::VARCHAR as valid_to
         from ref.sectors_ateco where version = '2025' and code in ('88.99.01', '88.99.09') order by code`,
      ),
    ).toEqual([
      { code: '88.99.01', valid_from: null, valid_to: null },
      { code: '88.99.09', valid_from: null, valid_to: '2025-10-01' },
    ]);
    expect(
      await t.wh.scalar(
        `select closed_by from ref.sectors_ateco_history where version = '2025' and code = '88.99.09'`,
      ),
    ).toBe(s.referenceLoadId);

    const before = await snapshot(t);
    const e = await refusal(load(t, ATECO_2025, '2026-01-01'));
    expect(e.issues.map((i) => i.rule)).toEqual(['already_loaded']);
    expect(e.message).toContain('ateco_2025_struttura_excerpt.xlsx');
    expect(await snapshot(t)).toEqual(before);
    // Nor under the other version: the bytes are those of a structure already loaded.
    const other = await refusal(load(t, ATECO_2025, '2026-01-01', '2007'));
    expect(other.issues).toEqual([
      {
        rule: 'already_loaded',
        file: 'ateco_2025_struttura_excerpt.xlsx',
        message: `the same bytes were already loaded as ateco_2025_struttura_excerpt.xlsx (ATECO 2025 structure of ${AS_OF})`,
      },
    ]);
    expect(await snapshot(t)).toEqual(before);

    // init puts the shipped copy back only for versions never loaded.
    await loadReferenceData(t.wh);
    expect(await snapshot(t)).toEqual(before);
  });

  it.each([
    {
      what: 'a code whose parent is missing',
      edit: (rows: string[][]) => rows.filter((r) => r[1] !== '01.1'),
      rule: 'ateco_parent',
      column: 'CODICE_PADRE',
      code: '01.11',
    },
    {
      what: 'a malformed code',
      edit: (rows: string[][]) =>
        rows.map((r) => (r[1] === '01.12.00' ? r.map((c, i) => (i === 1 ? '01.12.0O' : c)) : r)),
      rule: 'code_format',
      column: 'CODICE',
      code: '01.12.0O',
    },
    {
      what: 'an unknown level',
      edit: (rows: string[][]) =>
        rows.map((r) => (r[1] === '88.99.01' ? r.map((c, i) => (i === 4 ? '7' : c)) : r)),
      rule: 'unknown_level',
      column: 'GERARCHIA',
      code: '88.99.01',
    },
  ])('refuses $what with file, row, column and rule, loading nothing', async (c) => {
    const records = await readXlsxRecords(ATECO_2025);
    const bad = c.edit(records);
    const row = bad.findIndex((r) => r[1] === c.code) + 1;
    expect(row).toBeGreaterThan(1);
    const before = await snapshot(t);
    const e = await refusal(
      updateAteco(t.wh, {
        file: 'bad.xlsx',
        bytes: Buffer.from(JSON.stringify(bad)),
        records: bad,
        version: '2025',
        asOf: AS_OF,
      }),
    );
    expect(e.issues).toContainEqual(
      expect.objectContaining({ rule: c.rule, file: 'bad.xlsx', row, column: c.column }),
    );
    expect(await snapshot(t)).toEqual(before);
  });
});
