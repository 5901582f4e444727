// One row of a publication read by its mapping: its territory, period and
// breakdowns, then one figure per observation (value column). A problem is
// added to the file's issues with the row and column, and the figure it
// touches is left out; the caller refuses the file if there is any, and
// otherwise writes the figures, or rolls comuni up first (rollUp.ts).
import type { IssueList } from '../connectors/issueList.ts';
import { boundariesAtPeriod, BOUNDARIES_CHANGED_FLAG } from './boundaries.ts';
import { countedYear, isYearLabel, PROVISIONAL_FLAG } from './countedYears.ts';
import { notValidThroughout, type ComuneReference } from './comuneReference.ts';
import { labelKey } from './labels.ts';
import type { PublicationMapping } from './mapping.ts';
import { readNumber } from './numbers.ts';
import { readPeriod } from './periods.ts';
import type { SeriesFigure } from './rollUp.ts';
import {
  ITALY,
  resolveTerritory,
  type ResolvedTerritory,
  type TerritoryOutcome,
  type TerritoryRules,
} from './territories.ts';

export const BREAKDOWNS = ['sex', 'age_band', 'contract_type', 'gol_path'] as const;
const TOTAL = '_T';

/** A figure of one row, with what the caller needs to place it. */
export interface MappedFigure {
  figure: SeriesFigure;
  territory: ResolvedTerritory;
  /** The value column it was read from, where a duplicate is reported. */
  column: string;
  /** The figure's key with the territory as printed: the same twice in a file is a duplicate. */
  printedKey: string;
  /** For a year counted at a date (countedYears.ts): the row's own period, the date it was counted at. */
  countedAt?: string;
}

function territoryRules(m: PublicationMapping): TerritoryRules {
  const t = m.territory;
  return {
    by: t.by,
    level: t.level,
    totals: new Set(t.totals.map(labelKey)),
    notAvailable: new Set(t.not_available.map(labelKey)),
    variants: new Map(
      Object.entries(t.variants).map(([label, ref]) => {
        const [level, code] = ref.split(':') as [ResolvedTerritory['level'], string];
        return [labelKey(label), { level, code }];
      }),
    ),
  };
}

/** First day of the mapping's `period.from` (YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD). */
function periodFloor(from: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(from);
  if (q) return `${q[1]}-${String(Number(q[2]) * 3 - 2).padStart(2, '0')}-01`;
  if (/^\d{4}$/.test(from)) return `${from}-01-01`;
  if (/^\d{4}-\d{2}$/.test(from)) return `${from}-01`;
  return from;
}

/**
 * The reader of one row by `m`: `cell(column)` gives the row's trimmed cell.
 * Comuni resolve against `comuni`; a period must begin between the mapping's
 * `period.from` and `today`.
 */
export function mappedRowReader(
  m: PublicationMapping,
  comuni: ComuneReference | undefined,
  today: string,
): (cell: (column: string) => string, row: number, issues: IssueList) => MappedFigure[] {
  const rules = territoryRules(m);
  const missing = new Set(m.missing_values.map((v) => v.trim()));
  const floor = periodFloor(m.period.from);
  return (cell, row, issues) => {
    const printed = cell(m.territory.column);
    const nation = m.territory.nation_when;
    const territory: TerritoryOutcome =
      nation && labelKey(cell(nation.column)) === labelKey(nation.equals)
        ? { ok: true, territory: ITALY }
        : resolveTerritory(printed, rules, comuni);
    if (!territory.ok) issues.add(`territory_${territory.reason}`, row, m.territory.column);
    const p = m.period;
    const period = readPeriod(p.type, {
      value: p.column ? cell(p.column) : undefined,
      year: p.year ? cell(p.year) : undefined,
      quarter: p.quarter ? cell(p.quarter) : undefined,
      month: p.month ? cell(p.month) : undefined,
    });
    const periodColumn =
      p.column ??
      (p.type === 'quarter'
        ? `${p.year}+${p.quarter}`
        : p.type === 'month'
          ? `${p.year}+${p.month}`
          : p.year!);
    if (!period.ok) issues.add(period.rule, row, periodColumn);
    else if (period.start < floor || period.start > today)
      issues.add('period_outside_publication', row, periodColumn);
    const ofPeriod = m.territory.boundaries === 'of_period';
    const sourceCode = territory.ok ? territory.territory.sourceCode : undefined;
    // On today's borders a comune of today may be given for a period before it was formed.
    const judged = ofPeriod || (territory.ok && sourceCode !== territory.territory.code);
    const validity = sourceCode && judged ? comuni?.validity.get(sourceCode) : undefined;
    if (validity && period.ok && notValidThroughout(validity, period.start, period.last))
      issues.add('territory_not_valid_at_period', row, m.territory.column);
    const borders =
      territory.ok && period.ok && ofPeriod
        ? boundariesAtPeriod(territory.territory, period.start)
        : { kind: 'same' as const };
    if (borders.kind === 'reorganised')
      issues.add('territory_province_reorganised', row, m.territory.column);
    const breakdown: Record<string, string> = {};
    for (const b of BREAKDOWNS) {
      const spec = m.breakdowns[b];
      if (!spec) {
        breakdown[b] = TOTAL;
        continue;
      }
      const codeOf = spec.codes[cell(spec.column)];
      if (codeOf === undefined) issues.add('label_unknown', row, spec.column);
      breakdown[b] = codeOf ?? TOTAL;
    }
    const figures: MappedFigure[] = [];
    const publication = m.publication.column ? cell(m.publication.column) : m.publication.name!;
    for (const o of m.observations) {
      const label = o.measure.by.map(cell).join('|');
      const coded = o.measure.by.length ? o.measure.codes![label] : o.measure.code;
      const yearMeasure = coded ? undefined : o.measure.years;
      const year = yearMeasure && period.ok ? countedYear(label, period) : undefined;
      const measure = coded ?? (year ? yearMeasure : undefined);
      if (!measure) {
        // A year whose row period is unreadable: that period's issue is already reported.
        if (!(yearMeasure && isYearLabel(label)))
          issues.add('label_unknown', row, o.measure.by.join('+'));
        continue;
      }
      if (year && (!year.ok || year.last < floor)) {
        issues.add('period_outside_publication', row, o.measure.by[0]);
        continue;
      }
      const figurePeriod = year?.ok ? year : period;
      const text = cell(o.value);
      let value: number | null = null;
      const flagList: string[] = [];
      if (missing.has(text)) flagList.push('na');
      else {
        const n = readNumber(text, m.number_format);
        if (!n.ok) {
          issues.add(n.rule, row, o.value);
          continue;
        }
        value = n.value;
      }
      if (!territory.ok || !period.ok || !figurePeriod.ok) continue;
      if (year?.ok && year.provisional) flagList.push(PROVISIONAL_FLAG);
      // A year counted at a date began before the row's own period: its borders are judged from its first day.
      const figureBorders =
        year?.ok && ofPeriod ? boundariesAtPeriod(territory.territory, year.start) : borders;
      if (figureBorders.kind === 'reorganised' && borders.kind !== 'reorganised')
        issues.add('territory_province_reorganised', row, m.territory.column);
      if (figureBorders.kind === 'changed') flagList.push(BOUNDARIES_CHANGED_FLAG);
      const t = territory.territory;
      const key = [
        measure,
        t.level,
        t.code,
        figurePeriod.period,
        ...BREAKDOWNS.map((b) => breakdown[b]),
      ].join('\u0000');
      const figure: SeriesFigure = {
        key,
        sourceTerritory: printed,
        value,
        flags: flagList.length ? flagList.join(' ') : null,
        rest: {
          source: m.source,
          dataset: m.id,
          measure,
          territory_code: t.code,
          territory_level: t.level,
          period: figurePeriod.period,
          period_type: year ? 'year' : p.type,
          ...breakdown,
          unit: m.measures[measure].unit,
          publication,
          published_on: m.publication.published_on ?? null,
        },
      };
      // The same territory twice is a duplicate; two past comuni of
      // today's one are two parts of its figure.
      figures.push({
        figure,
        territory: t,
        column: o.value,
        printedKey: `${key}\u0000${t.sourceCode ?? ''}`,
        ...(year ? { countedAt: period.period } : {}),
      });
    }
    return figures;
  };
}
