// A publication mapping as a connector: reads the public file as it is
// published, resolves each row's territory, period, measure and breakdowns by
// the mapping, and writes two feed files for the one load path — the measures
// the mapping declares (official_measures) and the figures (official_series).
// Every problem is collected with its row and column; if there is any, the
// file is refused whole (PublicFileRefused) and no feed file is loaded. Rows
// the mapping declares to skip are counted in the load report, never dropped
// silently.
import { basename, join } from 'node:path';
import { FeedFileWriter, readRecords } from '../connectors/csv.ts';
import { PublicFileRefused, type Connector, type ConnectorNote } from '../connectors/types.ts';
import { loadDate, MAX_EXAMPLE_ROWS } from '../validate.ts';
import { IssueList, NoteCounter } from '../connectors/issueList.ts';
import { writeCatalogueFiles } from './catalogueFiles.ts';
import { comuneReference, notValidThroughout, type ComuneReference } from './comuneReference.ts';
import { labelKey } from './labels.ts';
import type { PublicationMapping } from './mapping.ts';
import { feedDecimal, readNumber } from './numbers.ts';
import { readPeriod } from './periods.ts';
import { ComuneRollUp, type SeriesFigure } from './rollUp.ts';
import { sardinianProvinceBeforeReform } from './sardinianProvinces.ts';
import {
  ComuneReferenceMissing,
  ITALY,
  resolveTerritory,
  type ResolvedTerritory,
  type TerritoryOutcome,
  type TerritoryRules,
} from './territories.ts';

const SERIES_COLUMNS = [
  'source',
  'dataset',
  'measure',
  'territory_code',
  'territory_level',
  'source_territory',
  'period',
  'period_type',
  'sex',
  'age_band',
  'contract_type',
  'gol_path',
  'value',
  'unit',
  'flags',
  'publication',
  'published_on',
] as const;
const BREAKDOWNS = ['sex', 'age_band', 'contract_type', 'gol_path'] as const;
const TOTAL = '_T';
const RULE_TEXT: Record<string, string> = {
  mapping_column_missing:
    'the mapping names this column but the file has no such header; check that the mapping fits this publication',
  territory_unknown:
    'this territory resolves to no ISTAT region, province or comune, nor to a total or N.D. label the mapping declares; add the variant under `territory.variants` if it is a real name',
  territory_ambiguous:
    'this territory name matches more than one ISTAT territory; give it a code under `territory.variants`',
  territory_not_valid_at_period:
    "this comune was not a comune at any time in the row's period, by the comuni lists loaded (ref.comuni_history); code the row with the comune valid then, or load the list that shows it",
  territory_province_reorganised:
    "a Sardinian province of the map before the 2021 regional reform, which official statistics used until 31 December 2025 (Sassari with Gallura, Nuoro with Ogliastra, Sud Sardegna): none of its provinces is one of today's, so the figure cannot be filed under one; leave Sardinia's provinces out with `skip_rows`, or load the region's figure",
  territory_merged_not_additive:
    "this comune has since merged with another comune the file also gives this figure for, and the measure (distinct persons, ratio or mean) cannot be made from its parts; load the figure for today's comune instead",
  number_ambiguous:
    "this number cannot be read without guessing in the mapping's number format (a comma in a `.`-decimal file, a lone dot in an Italian one); fix the mapping's `number_format` or the file",
  number_unreadable: 'this value is not a number nor a missing-value marker the mapping declares',
  period_unreadable:
    'the period cannot be read as the mapping says (year, quarter 1–4 or I–IV, month, date)',
  period_outside_publication:
    "the period lies outside what this publication covers (before the mapping's `period.from`, or after the load date)",
  label_unknown:
    'this label has no code in the mapping; add it under the `codes` of the measure or breakdown',
  duplicate_figure:
    'the same figure (measure, territory, period, breakdowns) appears twice in the file',
};

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

/** Columns of the public file the mapping reads, each with the name the report uses. */
function columnsRead(m: PublicationMapping): string[] {
  const p = m.period;
  return [
    m.territory.column,
    ...(m.territory.nation_when ? [m.territory.nation_when.column] : []),
    ...[p.column, p.year, p.quarter, p.month, m.publication.column].filter((c): c is string =>
      Boolean(c),
    ),
    ...m.skip_rows.map((s) => s.column),
    ...m.observations.flatMap((o) => [o.value, ...o.measure.by]),
    ...BREAKDOWNS.flatMap((b) => (m.breakdowns[b] ? [m.breakdowns[b].column] : [])),
  ];
}

const headerKey = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/** True when every header the mapping recognises the publication by is in the file. */
export function headerMatches(m: PublicationMapping, headers: string[]): boolean {
  const present = new Set(headers.map(headerKey));
  return m.recognise.headers.every((h) => present.has(headerKey(h)));
}

/** A figure as the feed file's row. */
function seriesCells(f: SeriesFigure): (string | null)[] {
  return SERIES_COLUMNS.map((c) => {
    if (c === 'value') return f.value === null ? null : feedDecimal(f.value);
    if (c === 'flags') return f.flags;
    if (c === 'source_territory') return f.sourceTerritory;
    return f.rest[c] ?? null;
  });
}

/** The warehouse's comuni, for a comune-level mapping; the load path always opens a warehouse. */
async function comuniFor(
  m: PublicationMapping,
  context: Parameters<Connector['toFeedFiles']>[2],
): Promise<ComuneReference | undefined> {
  if (m.territory.level !== 'comune') return undefined;
  if (!context?.wh)
    throw new ComuneReferenceMissing(
      `mapping ${m.id} is at comune level: its comuni resolve against the warehouse reference, and no warehouse was given`,
    );
  return comuneReference(context.wh);
}

/** First day of the mapping's `period.from` (YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD). */
function periodFloor(from: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(from);
  if (q) return `${q[1]}-${String(Number(q[2]) * 3 - 2).padStart(2, '0')}-01`;
  if (/^\d{4}$/.test(from)) return `${from}-01-01`;
  if (/^\d{4}-\d{2}$/.test(from)) return `${from}-01`;
  return from;
}

export function mappingConnector(m: PublicationMapping): Connector {
  const rules = territoryRules(m);
  const missing = new Set(m.missing_values.map((v) => v.trim()));
  const publicColumns = new Set(m.public_columns.map(headerKey));
  const skipWhere = m.skip_rows.map((s) => ({ ...s, key: labelKey(s.equals) }));
  return {
    name: `official:${m.id}`,
    matches: (headers) => headerMatches(m, headers),
    async toFeedFiles(path, outDir, context) {
      const issues = new IssueList(RULE_TEXT);
      const stem = basename(path).replace(/\.[^.]*$/, '');
      const seriesFile = join(outDir, `official_series_${m.id}_${stem}.csv`);
      const series = new FeedFileWriter(seriesFile, [...SERIES_COLUMNS]);
      const skipped = new Map<string, { count: number; rows: number[] }>();
      const seen = new Set<string>();
      const floor = periodFloor(m.period.from);
      const today = context?.today ?? loadDate();
      const comuni = await comuniFor(m, context);
      const rollUp = new ComuneRollUp();
      const rolledUp = new NoteCounter();
      try {
        let at: Map<string, number> | undefined;
        let row = 0;
        for await (const record of readRecords(path, context?.checksum)) {
          row++;
          if (!at) {
            at = new Map(record.map((h, i) => [headerKey(h), i]));
            for (const c of new Set(columnsRead(m)))
              if (!at.has(headerKey(c))) issues.add('mapping_column_missing', 1, c);
            if (issues.any) break;
            continue;
          }
          if (record.every((v) => v.trim() === '')) continue;
          const cell = (column: string) => (record[at!.get(headerKey(column))!] ?? '').trim();
          const skip = skipWhere.find((s) => labelKey(cell(s.column)) === s.key);
          if (skip) {
            const n = skipped.get(skip.reason) ?? { count: 0, rows: [] };
            n.count++;
            if (n.rows.length < MAX_EXAMPLE_ROWS) n.rows.push(row);
            skipped.set(skip.reason, n);
            continue;
          }
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
          const sourceCode = territory.ok ? territory.territory.sourceCode : undefined;
          const validity = sourceCode ? comuni?.validity.get(sourceCode) : undefined;
          if (validity && period.ok && notValidThroughout(validity, period.start, period.last))
            issues.add('territory_not_valid_at_period', row, m.territory.column);
          if (
            territory.ok &&
            period.ok &&
            sardinianProvinceBeforeReform(territory.territory, period.start)
          )
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
          const publication = m.publication.column
            ? cell(m.publication.column)
            : m.publication.name!;
          for (const o of m.observations) {
            const measure = o.measure.by.length
              ? o.measure.codes![o.measure.by.map(cell).join('|')]
              : o.measure.code;
            if (!measure) {
              issues.add('label_unknown', row, o.measure.by.join('+'));
              continue;
            }
            const text = cell(o.value);
            let value: number | null = null;
            let flags: string | null = null;
            if (missing.has(text)) flags = 'na';
            else {
              const n = readNumber(text, m.number_format);
              if (!n.ok) {
                issues.add(n.rule, row, o.value);
                continue;
              }
              value = n.value;
            }
            if (!territory.ok || !period.ok) continue;
            const t = territory.territory;
            const key = [
              measure,
              t.level,
              t.code,
              period.period,
              ...BREAKDOWNS.map((b) => breakdown[b]),
            ].join('\u0000');
            // The same territory twice is a duplicate; two past comuni of
            // today's one are two parts of its figure.
            const printedKey = `${key}\u0000${t.sourceCode ?? ''}`;
            if (seen.has(printedKey)) {
              issues.add('duplicate_figure', row, o.value);
              continue;
            }
            seen.add(printedKey);
            const figure: SeriesFigure = {
              key,
              sourceTerritory: printed,
              value,
              flags,
              rest: {
                source: m.source,
                dataset: m.id,
                measure,
                territory_code: t.code,
                territory_level: t.level,
                period: period.period,
                period_type: p.type,
                ...breakdown,
                unit: m.measures[measure].unit,
                publication,
                published_on: m.publication.published_on ?? null,
              },
            };
            if (t.sourceCode !== undefined && t.sourceCode !== t.code)
              rolledUp.add(
                'comune_rolled_up',
                "figures of comuni since merged, renumbered or moved, stored under today's comune (source_territory keeps the code printed)",
                row,
              );
            // Comune figures wait for their other parts (written at the end);
            // nothing is written once the file is refused.
            if (t.level === 'comune') {
              if (!rollUp.add(figure, m.measures[measure].additivity))
                issues.add('territory_merged_not_additive', row, m.territory.column);
            } else if (!issues.any) await series.write(seriesCells(figure));
          }
        }
        if (!issues.any) for (const f of rollUp.combined()) await series.write(seriesCells(f));
      } finally {
        await series.close();
      }
      if (issues.any) throw new PublicFileRefused(issues.all);
      const notes: ConnectorNote[] = [
        ...[...skipped].map(([reason, n]) => ({
          rule: 'rows_skipped_by_mapping',
          message: `rows skipped as the mapping declares: ${reason}`,
          count: n.count,
          rows: n.rows,
          row: n.rows[0],
        })),
        ...rolledUp.all,
      ];
      const catalogue = await writeCatalogueFiles(m, outDir);
      const seriesPublic = [
        ...(publicColumns.has(headerKey(m.territory.column)) ? ['source_territory'] : []),
        ...(!m.publication.column || publicColumns.has(headerKey(m.publication.column))
          ? ['publication']
          : []),
      ];
      return [
        ...catalogue,
        { feed: 'official_series', file: seriesFile, notes, publicColumns: seriesPublic },
      ];
    },
  };
}
