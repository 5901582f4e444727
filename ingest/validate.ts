// Contract rules checked on a staged, typed file, set-based: every per-column
// and per-row rule is one FILTER of a single aggregate query, so a file is
// scanned once however many rules apply (the PII guard's first pass rides
// along as extra aggregates); only failing rules are looked at
// again for example rows. An issue names the rule, the column and rows (row 1
// is the header, row N is the (N-1)th data record — what a clerk sees as row N
// in a spreadsheet; a quoted line break does not start a new row) with a
// count; it never carries a cell value, so reports and logs cannot leak data
// (the one exception is public reference data: comune_not_valid_at_date names
// the ISTAT comune codes concerned, their names and dates).
import type { Session } from '../warehouse/db.ts';
import { sqlIdent, sqlString } from '../warehouse/sql.ts';
import type { ColumnSpec, FeedDefinition } from './feeds/feedDefinition.ts';
import { getFeed } from './feeds/index.ts';

export interface Issue {
  rule: string;
  message: string;
  /** First row concerned (row 1 = header). */
  row?: number;
  column?: string;
  /** Rows concerned in the whole file. */
  count?: number;
  /** Up to a handful of example rows, ascending. */
  rows?: number[];
  /** PII guard: kind of identifier found (never the value). */
  kind?: string;
}

export interface ValidationOutcome {
  errors: Issue[];
  warnings: Issue[];
  /** Values of options.extraAggregates, in order. */
  extra: number[];
}

/** Tolerance in euro for the financial-stage ordering (rounding in source systems). */
export const FINANCIAL_TOLERANCE_EUR = 1;

/**
 * Today's date where the data comes from (Italy): at 00:30 in Rome the UTC
 * date is still yesterday, and a file dated today would look "future".
 */
export function loadDate(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Example rows kept per issue. */
export const MAX_EXAMPLE_ROWS = 5;

/** Shape of the identifier columns (contract: pseudonyms and CUPs), as RE2 patterns. */
export const PATTERNS: Record<NonNullable<ColumnSpec['pattern']>, string> = {
  hex64: '[0-9a-f]{64}',
  cup: '[A-Z0-9]{15}',
};

/**
 * Column of the staged table that says whether a pattern column's value has
 * the right shape. Computed once while staging, it serves both the shape rule
 * and the PII guard (which skips well-formed pseudonyms and CUPs).
 */
export function patternFlag(column: string): string {
  return `ok__${column}`;
}

/** SQL predicate over typed columns: financial stages out of order (contract rule 8). */
export function financialBreachPredicate(): string {
  const t = FINANCIAL_TOLERANCE_EUR;
  return `(paid > legally_committed + ${t} or legally_committed > admitted + ${t} or admitted > programmed + ${t}
           or paid > admitted + ${t} or paid > programmed + ${t} or legally_committed > programmed + ${t})`;
}

/** SQL predicate: code `x` exists in the reference table for `kind`. */
export function referencePredicate(kind: NonNullable<ColumnSpec['reference']>, x: string): string {
  switch (kind) {
    case 'comune':
      // Today's codes and every past code that leads to a comune of today
      // (ref.comuni_old_codes); a code valid at no time is unknown.
      return `(${x} in (select comune_code from ref.comuni) or ${x} in (select old_code from ref.comuni_old_codes))`;
    case 'occupation':
      return `(${x} in (select code from ref.occupations_cp2021)
               or (starts_with(upper(${x}), 'ISCO:') and substr(${x}, 6) in (select code from ref.occupations_isco08)))`;
    case 'sector':
      return `(regexp_replace(${x}, '_20(07|25)$', '') in (select code from ref.sectors_ateco))`;
    case 'isced':
      return `(try_cast(${x} as INTEGER) in (select level from ref.isced))`;
  }
}

interface Check {
  where: string;
  issue: Omit<Issue, 'row' | 'count' | 'rows'>;
  warning?: boolean;
  /** Query over the staged table naming, for a failing check, what is wrong (column `detail`, a few rows). */
  detailSql?: string;
}

/** Distinct comune codes shown in the message of comune_not_valid_at_date. */
const MAX_DETAILS = 3;

/**
 * A dated row coded with a comune code the comuni history proves was not a
 * comune on that date: after the first list without it, or on or before the
 * last list before it appeared (ref.comuni_validity). One correlated lookup
 * per row, which DuckDB runs as a join; codes with no history are not judged.
 * The row's columns are named unqualified (the direct path checks a row
 * before it has a table name), so the view's columns must not share a name
 * with a feed column: it says `code`, never `comune_code`.
 */
function comuneNotValidAt(table: string, code: string, date: string): Check {
  const x = sqlIdent(code);
  const d = sqlIdent(date);
  const breach = (day: string) => `(${day} >= cv.valid_to or ${day} <= cv.absent_on)`;
  return {
    where: `${x} is not null and ${d} is not null and exists (select 1 from ref.comuni_validity cv
             where cv.code = cast(${x} as varchar) and ${breach(d)})`,
    issue: {
      rule: 'comune_not_valid_at_date',
      column: code,
      message: `'${code}' is a comune code that was not valid on the row's '${date}' (see ref.comuni_history); code the row with the comune valid on that date`,
    },
    // The direct path checks rows before they have a table (table ''): no detail query there.
    detailSql: table === '' ? undefined : `select distinct cv.code || ' (' || cv.name_it || ') ' ||
        case when t.${d} >= cv.valid_to
             then 'stopped being valid on ' || strftime(cv.valid_to, '%Y-%m-%d') ||
                  coalesce(' and was replaced by ' || cv.current_code || ' (' || cv.current_name_it || ')', '')
             else 'was not yet valid on ' || strftime(cv.absent_on, '%Y-%m-%d') ||
                  ' (first listed on ' || strftime(cv.first_from, '%Y-%m-%d') || ')' end as detail
      from ${sqlIdent(table)} t join ref.comuni_validity cv on cv.code = cast(t.${x} as varchar)
      where t.${d} is not null and ${breach(`t.${d}`)}
      order by detail limit ${MAX_DETAILS}`,
  };
}

/** Every row-level rule of the contract for this feed, as SQL predicates over the staged table. */
export function feedChecks(feed: FeedDefinition, table: string, today: string): Check[] {
  const checks: Check[] = [];
  const add = (where: string, issue: Check['issue'], warning = false) =>
    checks.push({ where, issue, warning });
  for (const c of feed.columns)
    if (c.reference === 'comune' && c.validAt)
      checks.push(comuneNotValidAt(table, c.name, c.validAt));
  for (const c of feed.columns) {
    const v = sqlIdent(c.name);
    const raw = sqlIdent('raw__' + c.name);
    if (c.required)
      add(`${raw} is null`, {
        rule: 'required',
        column: c.name,
        message: `'${c.name}' is required but empty`,
      });
    if (c.type !== 'string' && c.type !== 'string_list') {
      const hint =
        c.type === 'date'
          ? ' (use YYYY-MM-DD, DD/MM/YYYY or DD/MM/YY, a real calendar date)'
          : c.type === 'money' || c.type === 'decimal' || c.type === 'integer'
            ? ' (e.g. 4000000.00 or 4.000.000,00)'
            : '';
      add(`${raw} is not null and ${v} is null`, {
        rule: 'type',
        column: c.name,
        message: `'${c.name}' is not a valid ${c.type}${hint}`,
      });
    }
    if (c.pattern === 'hex64') {
      add(`${v} is not null and not ${sqlIdent(patternFlag(c.name))}`, {
        rule: 'pseudonym',
        column: c.name,
        message: `'${c.name}' must be a 64-character lowercase hex pseudonym made with 'osservatorio pseudonymise'`,
      });
    }
    if (c.pattern === 'cup') {
      add(`${v} is not null and not ${sqlIdent(patternFlag(c.name))}`, {
        rule: 'cup_format',
        column: c.name,
        message: `'${c.name}' must be a 15-character CUP (capital letters and digits)`,
      });
    }
    if (c.min != null)
      add(`${v} < ${Number(c.min)}`, {
        rule: 'range',
        column: c.name,
        message: `'${c.name}' must be at least ${c.min}`,
      });
    if (c.max != null)
      add(`${v} > ${Number(c.max)}`, {
        rule: 'range',
        column: c.name,
        message: `'${c.name}' must be at most ${c.max}`,
      });
    // Planned dates (a project's planned end, a target's due date) lie in the future by nature.
    if (c.type === 'date' && !c.allowFuture) {
      add(`${v} > ${sqlString(today)}::date`, {
        rule: 'future_date',
        column: c.name,
        message: `'${c.name}' is after the load date ${today}`,
      });
    }
    if (c.codeList) {
      const list = sqlString(c.codeList);
      const where =
        c.type === 'string_list'
          ? // DuckDB binds no subquery inside a lambda: compare with the list of codes instead.
            `${v} is not null and not list_has_all((select list(code) from ref.code_lists where list = ${list}), ${v})`
          : `${v} is not null and ${v} not in (select code from ref.code_lists where list = ${list})`;
      add(where, {
        rule: 'code_list',
        column: c.name,
        message: `'${c.name}' has a value outside the code list '${c.codeList}' (see docs/data-contract.md)`,
      });
    }
    if (c.reference) {
      add(`${v} is not null and not ${referencePredicate(c.reference, `cast(${v} as varchar)`)}`, {
        rule: `unknown_${c.reference}`,
        column: c.name,
        message: `'${c.name}' is not a known ${c.reference} code (reference tables: ISTAT comuni, CP2021/ISCO-08, ATECO, ISCED)`,
      });
    }
  }
  for (const [start, end] of feed.dateOrder ?? []) {
    add(`${sqlIdent(end)} < ${sqlIdent(start)}`, {
      rule: 'end_before_start',
      column: end,
      message: `'${end}' is before '${start}'`,
    });
  }
  for (const ref of feed.references ?? []) {
    const target = getFeed(ref.feed)!;
    const targetColumn = sqlIdent(ref.targetColumn ?? target.key[0]);
    const v = sqlIdent(ref.column);
    add(
      `${v} is not null and ${v} not in (select ${targetColumn} from ${target.table})` +
        (ref.feed === feed.name
          ? ` and ${v} not in (select ${targetColumn} from ${sqlIdent(table)})`
          : ''),
      {
        rule: 'unresolved_reference',
        column: ref.column,
        message: `'${ref.column}' refers to a ${ref.feed} row that is neither in this file nor in the warehouse; load the ${ref.feed} feed first`,
      },
    );
  }
  if (feed.name === 'project_financials') {
    add(
      financialBreachPredicate(),
      {
        rule: 'financial_stage_order',
        message: `financial stages out of order: expected paid ≤ legally_committed ≤ admitted ≤ programmed (± €${FINANCIAL_TOLERANCE_EUR}); loaded and flagged for the funder page`,
      },
      true,
    );
  }
  return checks;
}

/** Ascending example rows for each predicate, in one query. */
async function exampleRows(db: Session, table: string, predicates: string[]): Promise<number[][]> {
  if (predicates.length === 0) return [];
  const r = await db.one<Record<string, number[] | null>>(
    `select ${predicates.map((w, i) => `(list(__row order by __row) filter (where ${w}))[1:${MAX_EXAMPLE_ROWS}] as e${i}`).join(', ')} from ${sqlIdent(table)}`,
  );
  return predicates.map((_, i) => r?.[`e${i}`] ?? []);
}

export async function validateStaged(
  db: Session,
  feed: FeedDefinition,
  table: string,
  options: { today?: string; extraAggregates?: string[] } = {},
): Promise<ValidationOutcome> {
  const extraAggregates = options.extraAggregates ?? [];
  const today = options.today ?? loadDate();
  const checks = feedChecks(feed, table, today);
  const key = feed.key.map(sqlIdent);
  const keyExpr = key.length === 1 ? key[0] : `row(${key.join(', ')})`;
  const agg = await db.one<Record<string, number | null>>(
    `select count(*) as total, count(distinct ${keyExpr}) as distinct_keys,
            ${[...checks.map((c, i) => `count(*) filter (where ${c.where}) as n${i}`), ...extraAggregates.map((e, i) => `${e} as x${i}`)].join(', ')}
     from ${sqlIdent(table)}`,
  );
  const failing = checks
    .map((c, i) => ({ c, n: Number(agg?.[`n${i}`] ?? 0) }))
    .filter((x) => x.n > 0);
  const examples = await exampleRows(
    db,
    table,
    failing.map((x) => x.c.where),
  );
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  for (const [i, { c, n }] of failing.entries()) {
    const rows = examples[i];
    let message = c.issue.message;
    if (c.detailSql) {
      const details = await db.rows<{ detail: string }>(c.detailSql);
      if (details.length) message += `: ${details.map((r) => r.detail).join('; ')}`;
    }
    (c.warning ? warnings : errors).push({ ...c.issue, message, row: rows[0], rows, count: n });
  }
  if (Number(agg?.distinct_keys ?? 0) < Number(agg?.total ?? 0)) {
    const dup = await db.one<{ n: number; rows: number[] }>(
      `select count(*) as n, (list(__row order by __row))[1:${MAX_EXAMPLE_ROWS}] as rows from (
         select __row, count(*) over (partition by ${key.join(', ')}) as k from ${sqlIdent(table)}
         where ${key.map((k) => `${k} is not null`).join(' and ')}) where k > 1`,
    );
    if (dup && dup.n > 0) {
      errors.push({
        rule: 'duplicate_key',
        column: feed.key.join(','),
        row: dup.rows[0],
        rows: dup.rows,
        count: dup.n,
        message: `key (${feed.key.join(', ')}) appears more than once in the file`,
      });
    }
  }
  return { errors, warnings, extra: extraAggregates.map((_, i) => Number(agg?.[`x${i}`] ?? 0)) };
}
