// Reads ISTAT's ATECO structure export as ISTAT publishes it: one sheet, one
// row per explanatory note, so a code with seven notes fills seven rows that
// repeat its code, titles, level and parent. The rows are folded into one code
// with its notes in file order: a code is never duplicated, a note never
// dropped. Codes are text with their leading zeros ('01', '01.11.00'); a code
// the spreadsheet turned into a number ('1') is refused, not re-padded.
// Columns are found by header text (ORDINE_CODICE, CODICE, IT_TITOLO, ...).
import { ReferenceFileError, requireColumns, type ReferenceIssue } from './referenceFileError.ts';

export interface AtecoNote {
  row: number;
  type: number | null;
  subtype: string | null;
  provenance: number | null;
  order: number | null;
  linkedCode: string | null;
  textIt: string;
  textEn: string | null;
}

export interface AtecoCode {
  /** First row of the code in the file (row 1 = header). */
  row: number;
  code: string;
  level: number;
  parentCode: string | null;
  /** The level-1 code (A, B, …) the code belongs to, found through its parents. */
  section: string;
  titleIt: string;
  titleEn: string | null;
  notes: AtecoNote[];
}

export interface AtecoStructure {
  file: string;
  /** Rows of the file (header excluded): one per note, or one for a code without notes. */
  rows: number;
  codes: AtecoCode[];
}

const COLUMNS = {
  code: 'CODICE',
  titleIt: 'IT_TITOLO',
  titleEn: 'EN_TITOLO',
  level: 'GERARCHIA',
  parentCode: 'CODICE_PADRE',
  parentLevel: 'GERARCHIA_PADRE',
  noteIt: 'IT_NOTA',
  noteEn: 'EN_NOTA',
  noteType: 'CODICE_TIPONOTA',
  noteSubtype: 'CODICE_SOTTOTIPO',
  provenance: 'CODICE_PROVENIENZA',
  noteOrder: 'ORDINE_NOTA',
  linkedCode: 'CODICE_NOTA_COLLEGATO',
} as const;
type Column = keyof typeof COLUMNS;

/** Shape of a code at each level of ATECO (2007 and 2025 alike). */
export const LEVELS: Record<number, { name: string; re: RegExp; example: string }> = {
  1: { name: 'sezione', re: /^[A-Z]$/, example: 'A' },
  2: { name: 'divisione', re: /^\d{2}$/, example: '01' },
  3: { name: 'gruppo', re: /^\d{2}\.\d$/, example: '01.1' },
  4: { name: 'classe', re: /^\d{2}\.\d{2}$/, example: '01.11' },
  5: { name: 'categoria', re: /^\d{2}\.\d{2}\.\d$/, example: '01.11.0' },
  6: { name: 'sottocategoria', re: /^\d{2}\.\d{2}\.\d{2}$/, example: '01.11.00' },
};

/** True when these header cells are those of an ISTAT ATECO structure export. */
export function isAtecoStructureHeader(header: string[]): boolean {
  const names = new Set(header.map((h) => h.trim()));
  return Object.values(COLUMNS).every((c) => names.has(c));
}

function optionalInt(v: string): number | null {
  return v === '' ? null : /^\d+$/.test(v) ? Number(v) : NaN;
}

/**
 * Parses the records of the sheet (header first, every cell as text); every
 * problem in the file is reported at once, with its row and column.
 */
export function parseAtecoStructure(records: string[][], file: string): AtecoStructure {
  const header = (records[0] ?? []).map((h) => h.trim());
  requireColumns(file, header, Object.values(COLUMNS), 'an ISTAT ATECO structure export');
  const at = Object.fromEntries(
    Object.entries(COLUMNS).map(([k, c]) => [k, header.indexOf(c)]),
  ) as Record<Column, number>;

  const issues: ReferenceIssue[] = [];
  const byCode = new Map<string, AtecoCode & { parentLevel: number | null }>();
  const issue = (row: number, k: Column, rule: ReferenceIssue['rule'], message: string) =>
    issues.push({ rule, file, row, column: COLUMNS[k], message });

  records.slice(1).forEach((rec, index) => {
    const row = index + 2;
    const cell = (k: Column) => (rec[at[k]] ?? '').trim();
    const code = cell('code');
    const level = optionalInt(cell('level'));
    const parentCode = cell('parentCode') || null;
    const parentLevel = optionalInt(cell('parentLevel'));
    const shape = level != null ? LEVELS[level] : undefined;
    if (!shape) {
      issue(
        row,
        'level',
        'unknown_level',
        `expected a level from 1 (sezione) to 6 (sottocategoria), got '${cell('level')}'`,
      );
    } else if (!shape.re.test(code)) {
      issue(
        row,
        'code',
        'code_format',
        `'${code}' is not a code of level ${level} (${shape.name}, e.g. ${shape.example})`,
      );
    }
    if (!cell('titleIt')) issue(row, 'titleIt', 'required', 'empty');
    const noteIt = (rec[at.noteIt] ?? '').trim();
    const note: AtecoNote | null = noteIt
      ? {
          row,
          type: optionalInt(cell('noteType')),
          subtype: cell('noteSubtype') || null,
          provenance: optionalInt(cell('provenance')),
          order: optionalInt(cell('noteOrder')),
          linkedCode: cell('linkedCode') || null,
          textIt: noteIt,
          textEn: (rec[at.noteEn] ?? '').trim() || null,
        }
      : null;
    for (const k of ['noteType', 'provenance', 'noteOrder'] as const) {
      if (Number.isNaN(optionalInt(cell(k))))
        issue(row, k, 'code_format', `expected a whole number, got '${cell(k)}'`);
    }
    const first = byCode.get(code);
    if (!first) {
      byCode.set(code, {
        row,
        code,
        level: level ?? 0,
        parentCode,
        parentLevel: Number.isNaN(parentLevel) ? null : parentLevel,
        section: '',
        titleIt: cell('titleIt'),
        titleEn: cell('titleEn') || null,
        notes: note ? [note] : [],
      });
      return;
    }
    // A further row of the same code: one more note, the code's own cells repeated.
    const repeated: [Column, string | number | null, string | number | null][] = [
      ['titleIt', first.titleIt, cell('titleIt')],
      ['titleEn', first.titleEn, cell('titleEn') || null],
      ['level', first.level, level],
      ['parentCode', first.parentCode, parentCode],
    ];
    for (const [k, was, now] of repeated)
      if (was !== now)
        issue(
          row,
          k,
          'ateco_conflict',
          `code ${code} already on row ${first.row} with another ${COLUMNS[k]}`,
        );
    if (note) first.notes.push(note);
    else issue(row, 'noteIt', 'required', `code ${code} repeats row ${first.row} without a note`);
  });

  for (const c of byCode.values()) {
    if (c.level === 1) {
      if (c.parentCode)
        issue(
          c.row,
          'parentCode',
          'ateco_parent',
          `section ${c.code} has a parent ('${c.parentCode}')`,
        );
      continue;
    }
    const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
    if (!parent) {
      issue(
        c.row,
        'parentCode',
        'ateco_parent',
        c.parentCode
          ? `the parent ${c.parentCode} of code ${c.code} is not in the file`
          : `code ${c.code} of level ${c.level} has no parent`,
      );
      continue;
    }
    const prefixOk = c.level === 2 || c.code.startsWith(parent.code);
    if (
      parent.level !== c.level - 1 ||
      !prefixOk ||
      (c.parentLevel != null && c.parentLevel !== parent.level)
    )
      issue(
        c.row,
        'parentCode',
        'ateco_parent',
        `${parent.code} (level ${parent.level}) cannot be the parent of ${c.code} (level ${c.level})`,
      );
  }
  if (issues.length) throw new ReferenceFileError(issues);

  const codes = [...byCode.values()].map(({ parentLevel: _, ...c }) => c);
  const byKey = new Map(codes.map((c) => [c.code, c]));
  for (const c of codes) {
    let s: AtecoCode = c;
    while (s.parentCode) s = byKey.get(s.parentCode)!;
    c.section = s.code;
  }
  return { file, rows: records.length - 1, codes };
}
