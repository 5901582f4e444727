// Contract rules checked on a staged, typed file, each as one set-based query.
// An issue names the rule, the column and the first offending row (row 1 is the
// header line, so row N is what a clerk sees as row N in a spreadsheet), with a
// count; it never carries a cell value, so reports and logs cannot leak data.
import type { Session } from '../warehouse/db.ts';
import { sqlIdent, sqlString } from '../warehouse/sql.ts';
import type { ColumnSpec, FeedDefinition } from './feed.ts';
import { getFeed } from './feeds/index.ts';

export interface Issue {
  rule: string;
  message: string;
  row?: number;
  column?: string;
  count?: number;
}

export interface ValidationOutcome {
  errors: Issue[];
  warnings: Issue[];
}

/** Tolerance in euro for the financial-stage ordering (rounding in source systems). */
export const FINANCIAL_TOLERANCE_EUR = 1;

/** SQL predicate: code `x` exists in the reference table for `kind`. */
export function referencePredicate(kind: NonNullable<ColumnSpec['reference']>, x: string): string {
  switch (kind) {
    case 'comune':
      return `(${x} in (select comune_code from ref.comuni) or ${x} in (select old_code from ref.comuni_crosswalk))`;
    case 'occupation':
      return `(${x} in (select code from ref.occupations_cp2021)
               or (starts_with(upper(${x}), 'ISCO:') and substr(${x}, 6) in (select code from ref.occupations_isco08)))`;
    case 'sector':
      return `(regexp_replace(${x}, '_20(07|25)$', '') in (select code from ref.sectors_ateco))`;
    case 'isced':
      return `(try_cast(${x} as INTEGER) in (select level from ref.isced))`;
  }
}

async function check(
  db: Session,
  table: string,
  where: string,
  issue: Omit<Issue, 'row' | 'count'>,
  out: Issue[],
): Promise<void> {
  const r = await db.one<{ n: number; r: number | null }>(`select count(*) as n, min(__row) as r from ${table} where ${where}`);
  if (r && r.n > 0) out.push({ ...issue, row: (r.r ?? 0) + 1, count: r.n });
}

export async function validateStaged(
  db: Session,
  feed: FeedDefinition,
  table: string,
  options: { today?: string } = {},
): Promise<ValidationOutcome> {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const today = options.today ?? new Date().toISOString().slice(0, 10);

  for (const c of feed.columns) {
    const v = sqlIdent(c.name);
    const raw = sqlIdent('raw__' + c.name);
    if (c.required) {
      await check(db, table, `${raw} is null`, { rule: 'required', column: c.name, message: `'${c.name}' is required but empty` }, errors);
    }
    if (c.type !== 'string' && c.type !== 'string_list') {
      await check(db, table, `${raw} is not null and ${v} is null`, { rule: 'type', column: c.name, message: `'${c.name}' is not a valid ${c.type}` }, errors);
    }
    if (c.pattern === 'hex64') {
      await check(db, table, `${v} is not null and not regexp_full_match(${v}, '[0-9a-f]{64}')`, { rule: 'pseudonym', column: c.name, message: `'${c.name}' must be a 64-character lowercase hex pseudonym made with 'osservatorio pseudonymise'` }, errors);
    }
    if (c.pattern === 'cup') {
      await check(db, table, `${v} is not null and not regexp_full_match(${v}, '[A-Z0-9]{15}')`, { rule: 'cup_format', column: c.name, message: `'${c.name}' must be a 15-character CUP (capital letters and digits)` }, errors);
    }
    if (c.min != null) {
      await check(db, table, `${v} < ${Number(c.min)}`, { rule: 'range', column: c.name, message: `'${c.name}' must be at least ${c.min}` }, errors);
    }
    if (c.max != null) {
      await check(db, table, `${v} > ${Number(c.max)}`, { rule: 'range', column: c.name, message: `'${c.name}' must be at most ${c.max}` }, errors);
    }
    if (c.type === 'date') {
      await check(db, table, `${v} > ${sqlString(today)}::date`, { rule: 'future_date', column: c.name, message: `'${c.name}' is after the load date ${today}` }, errors);
    }
    if (c.codeList) {
      const list = sqlString(c.codeList);
      const where =
        c.type === 'string_list'
          ? `len(list_filter(${v}, x -> x not in (select code from ref.code_lists where list = ${list}))) > 0`
          : `${v} is not null and ${v} not in (select code from ref.code_lists where list = ${list})`;
      await check(db, table, where, { rule: 'code_list', column: c.name, message: `'${c.name}' has a value outside the code list '${c.codeList}' (see docs/data-contract.md)` }, errors);
    }
    if (c.reference) {
      await check(db, table, `${v} is not null and not ${referencePredicate(c.reference, `cast(${v} as varchar)`)}`, { rule: `unknown_${c.reference}`, column: c.name, message: `'${c.name}' is not a known ${c.reference} code` }, errors);
    }
  }

  for (const [start, end] of feed.dateOrder ?? []) {
    await check(db, table, `${sqlIdent(end)} < ${sqlIdent(start)}`, { rule: 'end_before_start', column: end, message: `'${end}' is before '${start}'` }, errors);
  }

  const key = feed.key.map(sqlIdent).join(', ');
  const dup = await db.one<{ n: number; r: number }>(
    `select count(*) as n, min(__row) as r from (
       select __row, count(*) over (partition by ${key}) as k from ${table}) where k > 1`,
  );
  if (dup && dup.n > 0) {
    errors.push({ rule: 'duplicate_key', column: feed.key.join(','), row: dup.r + 1, count: dup.n, message: `key (${feed.key.join(', ')}) appears more than once in the file` });
  }

  for (const ref of feed.references ?? []) {
    const target = getFeed(ref.feed)!;
    const targetColumn = ref.targetColumn ?? target.key[0];
    const v = sqlIdent(ref.column);
    await check(
      db,
      table,
      `${v} is not null and ${v} not in (select ${sqlIdent(targetColumn)} from ${target.table})` +
        (ref.feed === feed.name ? ` and ${v} not in (select ${sqlIdent(targetColumn)} from ${table})` : ''),
      { rule: 'unresolved_reference', column: ref.column, message: `'${ref.column}' refers to a ${ref.feed} row that is not in the warehouse; load the ${ref.feed} feed first` },
      errors,
    );
  }

  if (feed.name === 'project_financials') {
    const t = FINANCIAL_TOLERANCE_EUR;
    await check(
      db,
      table,
      `paid > legally_committed + ${t} or legally_committed > admitted + ${t} or admitted > programmed + ${t}`,
      { rule: 'financial_stage_order', message: `financial stages out of order: expected paid ≤ legally_committed ≤ admitted ≤ programmed (± €${t}); loaded and flagged` },
      warnings,
    );
  }
  return { errors, warnings };
}
