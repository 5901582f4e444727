// The official publications loaded (core.official_datasets, migration 190)
// that their mapping marks as republishable — with what the open-data page
// says of each: publisher, licence, attribution, how many figures, which
// periods, and the latest publication. Publications with no reuse terms are
// loaded and shown beside the agency's data, never offered here.
import type { Session } from '../db.ts';

export interface RepublishedDataset {
  dataset: string;
  source: string;
  title: string;
  licence: string;
  attribution: string;
  source_url: string | null;
  figures: number;
  /** Measures, by their Italian and English labels, in code order. */
  measures: { measure: string; label_it: string; label_en: string }[];
  period_type: string | null;
  first_period: string | null;
  last_period: string | null;
  /** The newest publication the figures come from, and its date when the mapping knows it. */
  latest_publication: string | null;
  published_on: string | null;
}

export async function republishedDatasets(db: Session): Promise<RepublishedDataset[]> {
  const rows = await db.rows<Omit<RepublishedDataset, 'measures'> & { measures: string }>(
    `select d.dataset, d.source, d.title, d.licence, d.attribution, d.source_url,
            count(s.measure)::INTEGER as figures,
            (select to_json(list({'measure': m.measure, 'label_it': m.label_it, 'label_en': m.label_en} order by m.measure))
               from core.official_measures m
              where m.measure in (select distinct measure from core.official_series x where x.dataset = d.dataset))::VARCHAR as measures,
            min(s.period_type) as period_type,
            min(s.period) as first_period,
            max(s.period) as last_period,
            arg_max(s.publication, s.period) as latest_publication,
            strftime(max(s.published_on), '%Y-%m-%d') as published_on
       from core.official_datasets d
       left join core.official_series s using (dataset)
      where d.republish
      group by all
      order by d.source, d.dataset`,
  );
  return rows.map((r) => ({ ...r, measures: r.measures ? (JSON.parse(r.measures) as RepublishedDataset['measures']) : [] }));
}

/** Whether `dataset` is a loaded publication its mapping marks as republishable. */
export async function isRepublished(db: Session, dataset: string): Promise<boolean> {
  const n = await db.scalar<number>(
    `select count(*)::INTEGER from core.official_datasets where dataset = $1 and republish`,
    [dataset],
  );
  return (n ?? 0) > 0;
}
