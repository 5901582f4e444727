// Building blocks shared by the KPI definitions: dimension→column maps and
// measure helpers. All SQL here is registry-owned text over mart columns.
import type { DimensionName, KpiUnit, MeasureDefinition, Text } from '../types.ts';

type ColumnMap = Partial<Record<DimensionName, string>>;

export const TERRITORY: ColumnMap = { region: 'region', province: 'province', comune: 'comune' };
export const PERSON: ColumnMap = {
  gender: 'gender',
  age_band: 'age_band',
  citizenship: 'citizenship',
  isced: 'isced',
  target_group: 'target_group',
};
export const OCCUPATION: ColumnMap = { occupation_group: 'occupation_group', isco_major: 'isco_major' };

/** month/quarter/year on a mart's time columns (e.g. prefix 'pub_' → pub_month). */
export function time(prefix = ''): ColumnMap {
  return { month: `${prefix}month`, quarter: `${prefix}quarter`, year: `${prefix}year` };
}

export function dims(columns: ColumnMap): DimensionName[] {
  return Object.keys(columns) as DimensionName[];
}

/** An additive count: sum of a mart column. */
export function count(name: string, label: Text, column = name): MeasureDefinition {
  return { name, unit: 'count', label, sql: `coalesce(sum(${column}), 0)::BIGINT`, isCount: true };
}

/** The same count, declared as one of the nested counts of `population` (see MeasureDefinition.population). */
export function countOf(population: string, name: string, label: Text, column = name): MeasureDefinition {
  return { ...count(name, label, column), population };
}

/** Euro amount: sum of a mart column. */
export function euro(name: string, label: Text, column = name): MeasureDefinition {
  return { name, unit: 'euro', label, sql: `round(coalesce(sum(${column}), 0)::DOUBLE, 2)` };
}

/** num / den over the roll-up; null (never 0 or NaN) when the denominator is 0. */
export function ratio(name: string, label: Text, num: string, den: string, unit: KpiUnit = 'share'): MeasureDefinition {
  return { name, unit, label, sql: `sum(${num})::DOUBLE / nullif(sum(${den}), 0)` };
}

/** 2^32: a row's value and weight packed into one BIGINT as value × 2^32 + weight. */
const PACK = 4294967296;

/**
 * DuckDB's median (quantile_cont(0.5)) of `value` over units counted by
 * `weight` — rows of a histogram, each standing for `weight` units having
 * `value` (whole numbers) — exactly as median(value) over the units one by
 * one: the middle value, or for an even number of units the mean of the two
 * middle ones; null when no row has a value. An aggregate, usable as a
 * measure's SQL.
 *
 * The rows are walked in ascending order of value with a running count `c`
 * that starts at −(units) and adds 2 × weight per row: the lower middle unit
 * is reached at the first row where c ≥ 0, the upper middle at the first
 * where c > 0 (the same row when the number of units is odd), so no count
 * needs halving. Rows with the same value may come in any order. Sorting
 * plain integers is several times faster than sorting structs, hence the
 * packing (|value| < 2^31, weight < 2^32; the weight is read back with a
 * modulo that is never negative, so negative values unpack too).
 */
export function weightedMedian(value: string, weight: string): string {
  const has = `filter (where ${value} is not null)`;
  const w = `((packed % ${PACK} + ${PACK}) % ${PACK})`;
  const rows =
    `list_transform(list_sort(list(${value}::BIGINT * ${PACK} + ${weight}::BIGINT) ${has}), ` +
    `lambda packed: {'v': (packed - ${w}) // ${PACK}, 'c': 2 * ${w}, 'm': null::DOUBLE})`;
  const step =
    `lambda acc, x: {'v': coalesce(acc.v, case when acc.c + x.c >= 0 then x.v end), 'c': acc.c + x.c, ` +
    `'m': coalesce(acc.m, case when acc.c + x.c > 0 then (coalesce(acc.v, x.v) + x.v) / 2 end)}`;
  const start = `{'v': null::BIGINT, 'c': -(sum(${weight}) ${has})::BIGINT, 'm': null::DOUBLE}`;
  return `struct_extract(list_reduce(${rows}, ${step}, ${start}), 'm')`;
}

/** A label in Italian and English, the two languages every KPI text carries. */
export const bilingual = (it: string, en: string): Text => ({ it, en });
