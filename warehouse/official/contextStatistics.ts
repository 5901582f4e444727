// The ISTAT and Eurostat context statistics of one region as the "Mercato del
// lavoro" page shows them (population, regional GDP, unemployment and job
// vacancy rates, … whatever the connectors loaded into core.context_stats):
// for the region and each of its provinces, every series at its latest
// period with a figure, beside the same period a year earlier. A series is
// one published key — dataset, indicator, unit, sex, age and the source's
// other dimensions — so figures in different units or breakdowns are never
// added or averaged. Codes come with the names ref.context_labels ships for
// them, or the label the file itself carried; a code with neither stays a
// code, never hidden.
import type { Session } from '../db.ts';

/** A code with its names, when the catalogue or the file gives them. */
export interface Named {
  code: string;
  it: string | null;
  en: string | null;
}

export interface ContextFigure {
  period: string;
  value: number | null;
  /** Flags as published (`p`, `b`, `e`, `:`…), space-separated; null when none. */
  flag: string | null;
}

export interface ContextStatistic {
  /** `regione` or `provincia`. */
  territoryLevel: string;
  territoryCode: string;
  territoryName: string;
  /**
   * The territory's code in the source (`ITF5`, `ITF51`): one territory may
   * appear under two codes of different NUTS versions, each its own series.
   */
  sourceTerritory: string;
  /** `istat` or `eurostat`. */
  source: string;
  dataset: Named;
  /** The indicator; the dataset itself when the source has no indicator dimension. */
  indicator: Named;
  unit: Named;
  /** SDMX sex code: T, M, F, or _Z when the dataset has none. */
  sex: string;
  /** SDMX age code (TOTAL, Y15-64, Y_GE65…), or _Z. */
  age: string;
  /** The source's other dimensions, one `dim=code` pair each, with their names where known; empty when none. */
  breakdown: Named[];
  /** The latest period of the series with a figure. */
  latest: ContextFigure;
  /** The same period a year earlier; its value null when that period is not loaded or has no figure. */
  yearEarlier: ContextFigure;
  /** When the series was last loaded (UTC timestamp). */
  loadedAt: string;
}

interface Row {
  territory_level: string;
  territory_code: string;
  territory_name: string;
  source_territory: string;
  source: string;
  dataset: string;
  dataset_it: string | null;
  dataset_en: string | null;
  indicator: string;
  indicator_it: string | null;
  indicator_en: string | null;
  unit: string;
  unit_it: string | null;
  unit_en: string | null;
  sex: string;
  age: string;
  breakdown: string;
  period: string;
  value: number | null;
  flag: string | null;
  earlier_period: string;
  earlier_value: number | null;
  earlier_flag: string | null;
  loaded_at: string;
}

const REGION = /^\d{2}$/;

/** A region code not of the shape ref.regions holds. */
export class ContextStatisticsRequestError extends Error {
  readonly code = 'INVALID_CONTEXT_STATISTICS_REQUEST';
  readonly status = 400;
}

/** The year-earlier period of a period of any published form (YYYY, YYYY-Qn, YYYY-MM, YYYY-Sn). */
const YEAR_EARLIER = `cast(cast(left(l.period, 4) as integer) - 1 as varchar) || substr(l.period, 5)`;

const SQL = `
with area as (
  select 'regione' as level, cod_regione as code, name, 0 as rank from ref.regions where cod_regione = $1
  union all
  select 'provincia', cod_uts, name, 1 from ref.provinces where cod_regione = $1
),
s as (
  select c.*, a.name as territory_name, a.rank
    from core.context_stats c join area a on a.level = c.territory_level and a.code = c.territory_code
),
latest as (
  select source, dataset, indicator, unit, source_territory, territory_level, territory_code, sex, age, breakdown,
         max(period) filter (where value is not null) as period, max(loaded_at) as loaded_at
    from s group by all
)
select l.territory_level, l.territory_code, cur.territory_name, l.source_territory, l.source,
       l.dataset, ds.label_it as dataset_it, coalesce(ds.label_en, cur.indicator_label) as dataset_en,
       l.indicator,
       coalesce(ind.label_it, ds.label_it) as indicator_it,
       coalesce(ind.label_en, ds.label_en, cur.indicator_label) as indicator_en,
       l.unit, u.label_it as unit_it, u.label_en as unit_en,
       l.sex, l.age, l.breakdown, l.period, cur.value, cur.flag,
       ${YEAR_EARLIER} as earlier_period, prev.value as earlier_value, prev.flag as earlier_flag,
       strftime(l.loaded_at, '%Y-%m-%d %H:%M:%S') as loaded_at
  from latest l
  join s cur using (source, dataset, indicator, unit, source_territory, territory_level, territory_code, sex, age, breakdown, period)
  left join s prev
    on prev.source = l.source and prev.dataset = l.dataset and prev.indicator = l.indicator and prev.unit = l.unit
   and prev.source_territory = l.source_territory
   and prev.sex = l.sex and prev.age = l.age and prev.breakdown = l.breakdown
   and prev.period = ${YEAR_EARLIER}
  left join ref.context_labels ds on ds.kind = 'dataset' and ds.code = l.dataset
  left join ref.context_labels ind on ind.kind = 'indicator' and ind.code = l.indicator
  left join ref.context_labels u on u.kind = 'unit' and u.code = l.unit
 -- A series whose every period is missing (":") has no latest figure to show.
 where l.period is not null
 -- Both sexes and all ages first, as the sources print them.
 order by cur.rank, cur.territory_name, l.source_territory, l.source, l.dataset, l.indicator, l.unit,
          case l.sex when 'T' then 0 when 'M' then 1 when 'F' then 2 else 3 end, l.age <> 'TOTAL', l.age, l.breakdown`;

/** Every `dim=code` pair of a breakdown with its names; `_Z` (no other dimension) is none. */
async function breakdownNames(db: Session, rows: Row[]): Promise<Map<string, Named>> {
  const pairs = [...new Set(rows.flatMap((r) => (r.breakdown === '_Z' ? [] : r.breakdown.split('|'))))];
  const names = new Map<string, Named>(pairs.map((p) => [p, { code: p, it: null, en: null }]));
  if (!pairs.length) return names;
  // The catalogue is a few dozen rows: read whole, kept for the pairs present.
  for (const r of await db.rows<{ code: string; label_it: string; label_en: string }>(
    `select code, label_it, label_en from ref.context_labels where kind = 'breakdown'`,
  ))
    if (names.has(r.code)) names.set(r.code, { code: r.code, it: r.label_it, en: r.label_en });
  return names;
}

/** The context statistics of region `region` (cod_regione) and its provinces, region first, provinces by name. */
export async function contextStatistics(db: Session, region: string): Promise<ContextStatistic[]> {
  if (!REGION.test(region))
    throw new ContextStatisticsRequestError(`Region '${region.slice(0, 20)}' is not a two-digit ISTAT region code (e.g. 17).`);
  const rows = await db.rows<Row>(SQL, [region]);
  const pairs = await breakdownNames(db, rows);
  return rows.map((r) => ({
    territoryLevel: r.territory_level,
    territoryCode: r.territory_code,
    territoryName: r.territory_name,
    sourceTerritory: r.source_territory,
    source: r.source,
    dataset: { code: r.dataset, it: r.dataset_it, en: r.dataset_en },
    indicator: { code: r.indicator, it: r.indicator_it, en: r.indicator_en },
    unit: { code: r.unit, it: r.unit_it, en: r.unit_en },
    sex: r.sex,
    age: r.age,
    breakdown: r.breakdown === '_Z' ? [] : r.breakdown.split('|').map((p) => pairs.get(p)!),
    latest: { period: r.period, value: r.value, flag: r.flag },
    yearEarlier: { period: r.earlier_period, value: r.earlier_value, flag: r.earlier_flag },
    loadedAt: r.loaded_at,
  }));
}
