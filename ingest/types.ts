// How each logical column type is parsed from text, as DuckDB expressions, so
// parsing runs in bulk inside the engine (no row-by-row JS on the hot path).
import type { ColumnSpec, ColumnType } from './feeds/feedDefinition.ts';

export const DUCKDB_TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  integer: 'INTEGER',
  decimal: 'DOUBLE',
  money: 'DECIMAL(18,2)',
  date: 'DATE',
  boolean: 'BOOLEAN',
  string_list: 'VARCHAR[]',
};

/**
 * Italian or plain number text → canonical decimal text. Accepts `605305.62`,
 * `605.305,62`, `4.000.000,00`, `€ 605.305,62`, `1,5`, `-3`. A lone `.` group
 * of three digits (`1.000`) is read as a thousands separator, as an Italian
 * clerk writes it.
 */
export function numberText(raw: string): string {
  const v = `regexp_replace(${raw}, '[€\\s\\x{00a0}]|EUR', '', 'g')`;
  return `(case
    when regexp_full_match(${v}, '-?\\d{1,3}(\\.\\d{3})+(,\\d+)?') then replace(replace(${v}, '.', ''), ',', '.')
    when regexp_full_match(${v}, '-?\\d+,\\d+') then replace(${v}, ',', '.')
    when regexp_full_match(${v}, '-?\\d{1,3}(,\\d{3})+(\\.\\d+)?') then replace(${v}, ',', '')
    else ${v} end)`;
}

/** ISO, DD/MM/YYYY or DD/MM/YY (two-digit years are 2000–2099 per the contract). */
export function dateExpression(raw: string): string {
  // try_cast is the fast path for ISO dates; coalesce only evaluates the rest for rows it leaves NULL.
  return `coalesce(
    case when length(${raw}) = 10 and substr(${raw}, 5, 1) = '-' then try_cast(${raw} as DATE) end,
    try_strptime(${raw}, '%Y-%m-%d'),
    case when regexp_full_match(${raw}, '\\d{1,2}/\\d{1,2}/\\d{4}') then try_strptime(${raw}, '%d/%m/%Y') end,
    case when regexp_full_match(${raw}, '\\d{1,2}/\\d{1,2}/\\d{2}') then try_strptime(regexp_replace(${raw}, '/(\\d{2})$', '/20\\1'), '%d/%m/%Y') end,
    case when regexp_full_match(${raw}, '\\d{4}-\\d{2}-\\d{2}[T ].*') then try_strptime(left(${raw}, 10), '%Y-%m-%d') end
  )::date`;
}

const TRUE_WORDS = ['true', '1', 'si', 'sì', 's', 'yes', 'y', 'x', 'vero'];
const FALSE_WORDS = ['false', '0', 'no', 'n', 'falso'];

/** SQL expression that turns the raw text `raw` into the column's type; NULL when it does not parse. */
export function castExpression(col: ColumnSpec, raw: string): string {
  switch (col.type) {
    case 'string':
      return raw;
    case 'integer':
      return `try_cast(${numberText(raw)} as INTEGER)`;
    case 'decimal':
      return `try_cast(${numberText(raw)} as DOUBLE)`;
    case 'money':
      return `try_cast(${numberText(raw)} as DECIMAL(18,2))`;
    case 'date':
      return dateExpression(raw);
    case 'boolean':
      return `(case when lower(${raw}) in (${TRUE_WORDS.map((w) => `'${w}'`).join(', ')}) then true
                    when lower(${raw}) in (${FALSE_WORDS.map((w) => `'${w}'`).join(', ')}) then false end)`;
    case 'string_list':
      return `list_filter(list_transform(string_split_regex(${raw}, '[|;,]'), x -> trim(x)), x -> x <> '')`;
  }
}
