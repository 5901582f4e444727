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
import { comuneReference, type ComuneReference } from './comuneReference.ts';
import { labelKey } from './labels.ts';
import { NewestCounts } from './countedYears.ts';
import { BREAKDOWNS, mappedRowReader, type MappedFigure } from './mappedRow.ts';
import type { PublicationMapping } from './mapping.ts';
import { feedDecimal } from './numbers.ts';
import { ComuneRollUp, type SeriesFigure } from './rollUp.ts';
import { ComuneReferenceMissing } from './territories.ts';

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
    "this province's borders in the row's period are none of today's provinces: a province was carved out of it later, or it was formed later (Monza e della Brianza out of Milano, Fermo out of Ascoli Piceno, Barletta-Andria-Trani out of Bari and Foggia, in 2009), or it is a Sardinian province of the map before the 2021 regional reform, which official statistics used until 31 December 2025 (Sassari with Gallura, Nuoro with Ogliastra, Sud Sardegna); if the publisher recomputed every period on today's provinces, say `territory.boundaries: current` in the mapping; otherwise leave these rows out with `skip_rows`, or load the region's figure",
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

const SUPERSEDED_TEXT =
  'a year counted at an earlier reference date than another row of the file gives it: the newest count of the year is loaded, not this one';

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

export function mappingConnector(m: PublicationMapping): Connector {
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
      const comuni = await comuniFor(m, context);
      const readRow = mappedRowReader(m, comuni, context?.today ?? loadDate());
      const rollUp = new ComuneRollUp();
      const rolledUp = new NoteCounter();
      const counted = new NewestCounts<MappedFigure>();
      const supersededYears = new NoteCounter();
      /** Writes a figure read at `row`, or keeps a comune's for its other parts; nothing once the file is refused. */
      const place = async ({ figure, territory: t }: MappedFigure, row: number) => {
        if (t.sourceCode !== undefined && t.sourceCode !== t.code)
          rolledUp.add(
            'comune_rolled_up',
            "figures of comuni since merged, renumbered or moved, stored under today's comune (source_territory keeps the code printed)",
            row,
          );
        // Comune figures wait for their other parts (written at the end).
        if (t.level === 'comune') {
          if (!rollUp.add(figure, m.measures[figure.rest.measure!].additivity))
            issues.add('territory_merged_not_additive', row, m.territory.column);
        } else if (!issues.any) await series.write(seriesCells(figure));
      };
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
          for (const mapped of readRow(cell, row, issues)) {
            const { printedKey, column } = mapped;
            if (mapped.countedAt) {
              const r = counted.add(printedKey, {
                figure: mapped,
                countedAt: mapped.countedAt,
                row,
              });
              if (r.outcome === 'duplicate') issues.add('duplicate_figure', row, column);
              if (r.outcome === 'superseded')
                supersededYears.add('year_counted_later_in_file', SUPERSEDED_TEXT, r.row);
              continue;
            }
            if (seen.has(printedKey)) {
              issues.add('duplicate_figure', row, column);
              continue;
            }
            seen.add(printedKey);
            await place(mapped, row);
          }
        }
        for (const c of counted.entries()) await place(c.figure, c.row);
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
        ...supersededYears.all,
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
