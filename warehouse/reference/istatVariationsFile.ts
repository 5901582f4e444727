// Reads ISTAT's "Variazioni amministrative e territoriali dal 1991" CSV
// (Variazioni_amministrative_territoriali_dal_01011991.csv, in the zip ISTAT
// publishes under codici-unita-amministrative) exactly as ISTAT publishes it:
// Windows-1252, ';' separator, one row per comune touched by a variation, the
// fields naming the act quoted because they hold ';'. The file is recognised
// by its header and columns are found by header text (the header cell of the
// associated code ends with a space in ISTAT's file).
//
// Every row is read and checked; only two types change which codes exist:
//   ES  (estinzione) the comune is suppressed; its territory goes to the
//       associated comune: a merger or an incorporation;
//   AP  (cambio di appartenenza alla provincia) the comune moves to another
//       province and takes the associated code: a change of province.
// The other types are the other side of those, or change no code, and are
// counted per type, never loaded as variations:
//   CS   (costituzione) a new comune, one row per comune it was formed from;
//   AQES the comune that absorbed a suppressed one (the other side of an ES);
//   CECS the comune that ceded land to a new comune and stays;
//   CD   (cambio di denominazione) a rename: the lists show it;
//   AQ, CE (acquisizione, cessione) a portion of territory changes hands.
import { decodeWindows1252, normaliseHeader, parseIstatCsv } from './comuniList.ts';
import type { DeclaredVariation, DeclaredVariationKind } from './comuniVariationsFile.ts';
import { ReferenceFileError, requireColumns, type ReferenceIssue } from './referenceFileError.ts';

const CODE_CHANGES = { ES: 'merger', AP: 'province_change' } as const satisfies Record<
  string,
  DeclaredVariationKind
>;
export const OTHER_TYPES = ['CS', 'AQES', 'CECS', 'CD', 'AQ', 'CE'] as const;
export type IstatCodeChangeType = keyof typeof CODE_CHANGES;
export type IstatOtherType = (typeof OTHER_TYPES)[number];

/** Header cells that identify the file, whitespace collapsed. */
export const ISTAT_VARIATIONS_COLUMNS = {
  year: 'Anno',
  type: 'Tipo variazione',
  code: 'Codice Comune formato alfanumerico',
  name: 'Denominazione Comune',
  newCode: 'Codice del Comune associato alla variazione o nuovo codice Istat del Comune',
  newName: 'Denominazione Comune associata alla variazione o nuova denominazione',
  effective: 'Data decorrenza validità amministrativa',
} as const;
type Column = keyof typeof ISTAT_VARIATIONS_COLUMNS;

export interface IstatCodeChange extends DeclaredVariation {
  type: IstatCodeChangeType;
  /** ISTAT's "Anno" of the variation. */
  year: number;
  name: string;
  /** "Data decorrenza validità amministrativa" as YYYY-MM-DD; null where ISTAT left it empty (older rows). */
  effective: string | null;
}

export interface IstatVariationsFile {
  file: string;
  /** Data rows read. */
  rows: number;
  /** ES and AP rows: a code that stopped being used and the code that holds its territory. */
  codeChanges: IstatCodeChange[];
  /** Rows that change no code, per type: read, checked and counted, not loaded. */
  otherRows: Record<IstatOtherType, number>;
}

/** True when these header cells are those of ISTAT's variations file. */
export function isIstatVariationsHeader(header: string[]): boolean {
  const names = new Set(header.map(normaliseHeader));
  return Object.values(ISTAT_VARIATIONS_COLUMNS).every((c) => names.has(c));
}

const WHAT = `ISTAT's "Variazioni amministrative e territoriali dal 1991"`;

/** DD/MM/YYYY as YYYY-MM-DD, '' as null, anything else undefined. */
function isoDate(cell: string): string | null | undefined {
  if (cell === '') return null;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cell);
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** Parses ISTAT's variations file; every problem in it is reported at once. */
export function parseIstatVariations(bytes: Uint8Array, file: string): IstatVariationsFile {
  const records = parseIstatCsv(decodeWindows1252(bytes, file, WHAT), file);
  const header = (records[0] ?? []).map(normaliseHeader);
  requireColumns(file, header, Object.values(ISTAT_VARIATIONS_COLUMNS), `${WHAT} file`);
  const at = Object.fromEntries(
    Object.entries(ISTAT_VARIATIONS_COLUMNS).map(([k, c]) => [k, header.indexOf(c)]),
  ) as Record<Column, number>;

  const issues: ReferenceIssue[] = [];
  const codeChanges: IstatCodeChange[] = [];
  const otherRows = Object.fromEntries(OTHER_TYPES.map((t) => [t, 0])) as Record<
    IstatOtherType,
    number
  >;
  const seen = new Map<string, number>();
  const known = [...Object.keys(CODE_CHANGES), ...OTHER_TYPES];
  records.slice(1).forEach((rec, index) => {
    const row = index + 2;
    // ISTAT pads some cells with spaces ('CE ', 'Borgocarbonara  ').
    const cell = (k: Column) => (rec[at[k]] ?? '').trim();
    const bad = (k: Column, message: string, rule: ReferenceIssue['rule'] = 'code_format') =>
      issues.push({ rule, file, row, column: ISTAT_VARIATIONS_COLUMNS[k], message });
    if (!/^\d{4}$/.test(cell('year'))) bad('year', 'expected a year, e.g. 2020');
    for (const k of ['code', 'newCode'] as const)
      if (!/^\d{6}$/.test(cell(k)))
        bad(k, 'expected a six-digit ISTAT comune code with its leading zeros, e.g. 097085');
    const effective = isoDate(cell('effective'));
    if (effective === undefined) bad('effective', 'expected a date DD/MM/YYYY, or nothing');
    const type = cell('type');
    if (!known.includes(type)) {
      bad('type', `expected one of ISTAT's variation types ${known.join(', ')}`);
      return;
    }
    if (!(type in CODE_CHANGES)) {
      otherRows[type as IstatOtherType]++;
      return;
    }
    const t = type as IstatCodeChangeType;
    const [oldCode, newCode] = [cell('code'), cell('newCode')];
    if (oldCode === newCode)
      bad('newCode', `a ${t} row must lead to another code than ${oldCode}`, 'variation_conflict');
    const first = seen.get(oldCode);
    if (first != null)
      bad(
        'code',
        `code ${oldCode} already stops being used on row ${first}; a code that disappears goes to one comune`,
        'variation_conflict',
      );
    else seen.set(oldCode, row);
    codeChanges.push({
      row,
      oldCode,
      newCode,
      kind: CODE_CHANGES[t],
      type: t,
      year: Number(cell('year')),
      name: cell('name'),
      effective: effective ?? null,
    });
  });
  if (issues.length) throw new ReferenceFileError(issues);
  return { file, rows: records.length - 1, codeChanges, otherRows };
}
