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

/** A label in Italian and English, the two languages every KPI text carries. */
export const bilingual = (it: string, en: string): Text => ({ it, en });
