// Reads our own small format of the variations an operator hands to
// `reference update --variations` (UTF-8 CSV, header `old_code,new_code,kind`),
// one row per comune code that disappeared, copied from ISTAT's notice of the
// change; ISTAT's own variations file is read by istatVariationsFile.ts, and
// variationsFile.ts picks the format by the header.
// It exists because the Elenco comuni says which codes exist on a day but not
// which comune absorbed a code that is gone: a merger cannot be read from two
// lists alone. Renumberings and changes of province that keep the codice
// catastale are recognised without it.
import { parse } from 'csv-parse/sync';
import { ReferenceFileError, type ReferenceIssue } from './referenceFileError.ts';

export const VARIATION_KINDS = ['merger', 'renumbering', 'province_change'] as const;
export type DeclaredVariationKind = (typeof VARIATION_KINDS)[number];

export interface DeclaredVariation {
  row: number;
  oldCode: string;
  newCode: string;
  kind: DeclaredVariationKind;
}

const HEADER = ['old_code', 'new_code', 'kind'];

export function parseComuniVariations(text: string, file: string): DeclaredVariation[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw new ReferenceFileError([{ rule: 'csv_syntax', file, message: (err as Error).message }]);
  }
  const header = records[0] ?? [];
  if (header.join(',') !== HEADER.join(','))
    throw new ReferenceFileError([
      {
        rule: 'missing_column',
        file,
        row: 1,
        message: `the header must be exactly '${HEADER.join(',')}'`,
      },
    ]);
  const issues: ReferenceIssue[] = [];
  const out: DeclaredVariation[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach(([oldCode = '', newCode = '', kind = ''], index) => {
    const row = index + 2;
    for (const [column, code] of [
      ['old_code', oldCode],
      ['new_code', newCode],
    ] as const) {
      if (!/^\d{6}$/.test(code))
        issues.push({
          rule: 'code_format',
          file,
          row,
          column,
          message: 'expected a six-digit ISTAT comune code, e.g. 012009',
        });
    }
    if (!(VARIATION_KINDS as readonly string[]).includes(kind))
      issues.push({
        rule: 'code_format',
        file,
        row,
        column: 'kind',
        message: `expected one of ${VARIATION_KINDS.join(', ')}`,
      });
    const first = seen.get(oldCode);
    if (first != null)
      issues.push({
        rule: 'variation_conflict',
        file,
        row,
        column: 'old_code',
        message: `code ${oldCode} already has a variation on row ${first}; a code that disappears goes to one comune`,
      });
    else seen.set(oldCode, row);
    out.push({ row, oldCode, newCode, kind: kind as DeclaredVariationKind });
  });
  if (issues.length) throw new ReferenceFileError(issues);
  return out;
}
