// The value side of the PII guard over the staged table: one SQL pass with
// the combined candidate pattern over every text column finds the columns
// that need a closer look; only the candidate cells of those columns come
// back to JS, where detect.ts normalises and confirms them (check characters,
// structure). Issues name row, column and kind — never the value.
import type { Session } from '../../warehouse/db.ts';
import { sqlIdent, sqlString } from '../../warehouse/sql.ts';
import type { Issue } from '../validate.ts';
import { piiKinds } from './detect.ts';
import { ANY_PII_PATTERN, PII_KIND_LABEL, PII_PATTERNS, type PiiKind } from './patterns.ts';

export interface ScannedColumn {
  /** Column of the staged table. */
  ident: string;
  /** Name shown in the report (the file's header). */
  label: string;
  /** Boolean column of the staged table: true where the value is a well-formed pseudonym or CUP, so it is skipped. */
  skipWhen?: string;
  /**
   * A contract rule matches every value against a code list, a reference
   * table or rows already loaded; the first pass may skip the column when the
   * file passes every rule.
   */
  checkedByRule?: boolean;
}

const KINDS = Object.keys(PII_PATTERNS) as PiiKind[];
const MAX_EXAMPLES = 5;

function hit(c: ScannedColumn, pattern: string): string {
  const v = sqlIdent(c.ident);
  // CASE, not AND: the cheap flag must be looked at before the regex runs on a 64-char pseudonym.
  if (c.skipWhen)
    return `(case when ${v} is null or ${sqlIdent(c.skipWhen)} then false else regexp_matches(${v}, ${sqlString(pattern)}) end)`;
  return `(${v} is not null and regexp_matches(${v}, ${sqlString(pattern)}))`;
}

function issueFor(kind: PiiKind, c: ScannedColumn, rows: number[], count: number): Issue {
  return {
    rule: 'pii_value',
    column: c.label,
    row: rows[0],
    rows: rows.slice(0, MAX_EXAMPLES),
    count,
    kind,
    message: `'${c.label}' contains what looks like ${PII_KIND_LABEL[kind]}; direct identifiers must not leave the job centre — remove the column or pseudonymise it with 'osservatorio pseudonymise'`,
  };
}

/** One aggregate expression per column: how many cells match any identifier pattern (a cheap first pass). */
export function piiPrefilterExpressions(columns: ScannedColumn[]): string[] {
  return columns.map((c) => `count(*) filter (where ${hit(c, ANY_PII_PATTERN)})`);
}

/**
 * One aggregate expression for the whole row: how many rows have a cell that
 * matches any identifier pattern. The cells of a row (well-formed pseudonyms
 * and CUPs left out) are joined by a line break and matched once, instead of
 * once per column. No pattern can match across the line break — their
 * character classes and optional spaces never include it, and it satisfies
 * every boundary as the start or end of a cell would — so a row counts
 * exactly when one of its cells would. Zero (the usual case) means the file
 * is clean; otherwise scanPiiValues() looks at each column.
 */
export function piiRowPrefilterExpression(columns: ScannedColumn[]): string {
  return columns.length === 0 ? '0' : `count(*) filter (where ${piiRowPredicate(columns)})`;
}

/** The row-level predicate of piiRowPrefilterExpression(): true when a cell of the row may be an identifier. */
export function piiRowPredicate(columns: ScannedColumn[]): string {
  if (columns.length === 0) return 'false';
  const cells = columns.map((c) => {
    const v = sqlIdent(c.ident);
    return c.skipWhen ? `(case when ${sqlIdent(c.skipWhen)} then null else ${v} end)` : v;
  });
  return `regexp_matches(concat_ws(chr(10), ${cells.join(', ')}), ${sqlString(ANY_PII_PATTERN)})`;
}

/**
 * Issues for every identifier-like value. `prefilterCounts` are the values of
 * piiPrefilterExpressions() when the caller already computed them inside
 * another scan of the table (the contract-rules aggregate); else one query
 * computes them here.
 */
export async function scanPiiValues(
  db: Session,
  table: string,
  columns: ScannedColumn[],
  prefilterCounts?: number[],
): Promise<Issue[]> {
  if (columns.length === 0) return [];
  const t = sqlIdent(table);
  let counts = prefilterCounts;
  if (!counts) {
    const exprs = piiPrefilterExpressions(columns);
    const first = await db.one<Record<string, number>>(
      `select ${exprs.map((e, i) => `${e} as n${i}`).join(', ')} from ${t}`,
    );
    counts = columns.map((_, i) => Number(first?.[`n${i}`] ?? 0));
  }
  const suspect = columns.filter((_, i) => (counts[i] ?? 0) > 0);
  const issues: Issue[] = [];
  for (const c of suspect) {
    // Candidates only; values stay in this function's memory and are dropped after the check.
    const candidates = await db.rows<{ r: number; v: string }>(
      `select __row as r, ${sqlIdent(c.ident)} as v from ${t} where ${hit(c, ANY_PII_PATTERN)} order by __row`,
    );
    const rowsByKind = new Map<PiiKind, number[]>();
    for (const { r, v } of candidates)
      for (const k of piiKinds(v)) {
        const rows = rowsByKind.get(k) ?? [];
        rows.push(r);
        rowsByKind.set(k, rows);
      }
    for (const k of KINDS) {
      const rows = rowsByKind.get(k);
      if (rows?.length) issues.push(issueFor(k, c, rows, rows.length));
    }
  }
  return issues;
}
