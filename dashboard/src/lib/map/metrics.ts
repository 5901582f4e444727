// What the /mismatch map can be coloured by: one KPI measure per choice, with
// the counts shown beside it so a share is never read without its base.
type Text = { it: string; en: string };

export interface MapMetric {
  key: string;
  code: string;
  /** The measure that colours the map. */
  measure: string;
  unit: 'share' | 'ratio' | 'days' | 'count';
  /** Counts shown with the value: [numerator, denominator] (denominator optional). */
  counts: [string, string?];
  label: Text;
  /** 'worse' when more is a problem (orange ramp), else 'neutral' (blue). */
  ramp: 'worse' | 'neutral';
}

export const MAP_METRICS: readonly MapMetric[] = [
  {
    key: 'htf',
    code: 'MM_HTF',
    measure: 'htf_share',
    unit: 'share',
    counts: ['hard_to_fill', 'closed_vacancies'],
    label: { it: 'Quota di offerte di difficile reperimento', en: 'Hard-to-fill share' },
    ramp: 'worse',
  },
  {
    key: 'tight',
    code: 'MM_TIGHT',
    measure: 'tightness',
    unit: 'ratio',
    counts: ['open_positions', 'seekers'],
    label: { it: 'Tensione: posti aperti per persona disponibile (V/U)', en: 'Tightness: open positions per available job seeker (V/U)' },
    ramp: 'neutral',
  },
  {
    key: 'ttf',
    code: 'MM_TTF',
    measure: 'median_days_to_fill',
    unit: 'days',
    counts: ['filled_vacancies'],
    label: { it: 'Tempo di copertura (giorni, mediana)', en: 'Time to fill (median days)' },
    ramp: 'worse',
  },
  {
    key: 'decl',
    code: 'MM_DECL',
    measure: 'decline_rate',
    unit: 'share',
    counts: ['candidates_declined', 'candidates_proposed'],
    label: { it: 'Offerte rifiutate dai candidati', en: 'Offers declined by candidates' },
    ramp: 'worse',
  },
  {
    key: 'vac',
    code: 'MM_VAC',
    measure: 'vacancies',
    unit: 'count',
    counts: ['positions'],
    label: { it: 'Offerte pubblicate', en: 'Vacancies published' },
    ramp: 'neutral',
  },
];

/** The metric a URL asks for (?map=…); the hard-to-fill share by default. */
export function mapMetricOf(key: string | null | undefined): MapMetric {
  return MAP_METRICS.find((m) => m.key === key) ?? MAP_METRICS[0]!;
}
