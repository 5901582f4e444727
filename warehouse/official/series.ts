// Reading the official series (core.official_series, migration 080) as
// published: one row per figure, with its measure's labels, unit and
// additivity, its source, publication and flags — what a page or the data
// API shows beside each figure. Filters are checked against allow-list
// shapes and go in as parameters; nothing here adds figures up (see
// additivity.ts for that).
import type { Session } from '../db.ts';

export type Additivity = 'flow' | 'stock' | 'distinct' | 'ratio';

export interface OfficialFigure {
  source: string;
  dataset: string;
  measure: string;
  label_it: string;
  label_en: string;
  additivity: Additivity;
  unit: string;
  territory_level: string;
  territory_code: string;
  /** The territory's ISTAT name (`Basilicata`, `Moransengo-Tonengo`), `Italia`, or `Non ripartibile` for ND. */
  territory_name: string | null;
  source_territory: string;
  period: string;
  period_type: string;
  sex: string;
  age_band: string;
  contract_type: string;
  gol_path: string;
  value: number | null;
  flags: string | null;
  publication: string;
  published_on: string | null;
}

/** The columns of a figure, in the order downloads write them. */
export const OFFICIAL_FIGURE_COLUMNS: readonly (keyof OfficialFigure)[] = [
  'source',
  'dataset',
  'measure',
  'label_it',
  'label_en',
  'additivity',
  'unit',
  'territory_level',
  'territory_code',
  'territory_name',
  'source_territory',
  'period',
  'period_type',
  'sex',
  'age_band',
  'contract_type',
  'gol_path',
  'value',
  'flags',
  'publication',
  'published_on',
];

export interface OfficialSeriesFilter {
  dataset?: string;
  measures?: string[];
  territoryCodes?: string[];
  /** Inclusive bounds, compared as text within one period type (`2024-Q3` … `2025-Q3`). */
  from?: string;
  to?: string;
}

/**
 * A figure's territory by name, so a reader of the API or of a download never
 * meets a bare code: ISTAT's name of today's region, province or comune (the
 * loader stores today's codes), Italy, or what the publication could not
 * assign.
 */
const TERRITORY_NAME = `case s.territory_level
    when 'italia' then 'Italia' when 'non_ripartibile' then 'Non ripartibile'
    else coalesce(r.name, p.name, c.name) end`;

/** A filter value that is not of the shape its field takes. */
export class OfficialSeriesRequestError extends Error {
  readonly code = 'INVALID_OFFICIAL_SERIES_REQUEST';
  readonly status = 400;
}

/** Most rows one request returns; a narrower filter gets the rest. */
export const MAX_OFFICIAL_ROWS = 50_000;

const CODE = /^[a-z][a-z0-9_]{0,63}$/;
const TERRITORY = /^[A-Z0-9]{1,8}$/;
const PERIOD = /^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$/;

function check(value: string, shape: RegExp, what: string): string {
  if (!shape.test(value))
    throw new OfficialSeriesRequestError(
      `'${what}' is not of the right shape: see docs/official-data.md`,
    );
  return value;
}

/**
 * The figures `filter` selects, at most `limit` of them (null: every one — for
 * a whole publication offered for reuse, whose size its mapping bounds).
 */
export async function readOfficialSeries(
  db: Session,
  filter: OfficialSeriesFilter,
  limit: number | null = MAX_OFFICIAL_ROWS,
  /** Only publications whose mapping allows reuse (for public routes). */
  republishedOnly = false,
): Promise<OfficialFigure[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const param = (v: string) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (republishedOnly)
    where.push(`s.dataset in (select dataset from core.official_datasets where republish)`);
  if (filter.dataset) where.push(`s.dataset = ${param(check(filter.dataset, CODE, 'dataset'))}`);
  if (filter.measures?.length)
    where.push(
      `s.measure in (${filter.measures.map((m) => param(check(m, CODE, 'measure'))).join(', ')})`,
    );
  if (filter.territoryCodes?.length)
    where.push(
      `s.territory_code in (${filter.territoryCodes.map((t) => param(check(t, TERRITORY, 'territory'))).join(', ')})`,
    );
  if (filter.from) where.push(`s.period >= ${param(check(filter.from, PERIOD, 'from'))}`);
  if (filter.to) where.push(`s.period <= ${param(check(filter.to, PERIOD, 'to'))}`);
  if (limit !== null) params.push(limit);
  return db.rows<OfficialFigure>(
    `select s.source, s.dataset, s.measure, m.label_it, m.label_en, m.additivity, s.unit,
            s.territory_level, s.territory_code, ${TERRITORY_NAME} as territory_name,
            s.source_territory, s.period, s.period_type,
            s.sex, s.age_band, s.contract_type, s.gol_path, s.value, s.flags, s.publication,
            strftime(s.published_on, '%Y-%m-%d') as published_on
       from core.official_series s join core.official_measures m using (measure)
       left join ref.regions r on s.territory_level = 'regione' and r.cod_regione = s.territory_code
       left join ref.provinces p on s.territory_level = 'provincia' and p.cod_uts = s.territory_code
       left join ref.comuni c on s.territory_level = 'comune' and c.comune_code = s.territory_code
      ${where.length ? `where ${where.join(' and ')}` : ''}
      order by s.dataset, s.measure, s.territory_level, s.territory_code, s.period,
               s.sex, s.age_band, s.contract_type, s.gol_path
      ${limit !== null ? `limit $${params.length}` : ''}`,
    params,
  );
}
