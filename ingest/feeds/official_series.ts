import type { FeedDefinition } from './feedDefinition.ts';

// Official statistical series: aggregate public figures as published (the
// Ministry of Labour / INPS compulsory-communication flows, INAPP/ANPAL GOL
// monitoring, …), one figure per row. Written by the official-series connector
// (ingest/official/) from a declarative mapping per publication, never typed
// by hand. A figure a publication could not assign to a territory (N.D.) is
// kept under territory ND; the national total under IT.
export const officialSeries: FeedDefinition = {
  name: 'official_series',
  group: 'public_source',
  table: 'core.official_series',
  description:
    'Official statistical series (COB flows, GOL monitoring, …) by territory and period, as each publication prints them.',
  key: [
    'source',
    'dataset',
    'measure',
    'territory_level',
    'territory_code',
    'period',
    'sex',
    'age_band',
    'contract_type',
    'gol_path',
  ],
  columns: [
    {
      name: 'source',
      type: 'string',
      required: true,
      description:
        'Publisher: mlps, inps, inapp, anpal, istat, eurostat, opencoesione, excelsior, or an agency-defined source.',
    },
    {
      name: 'dataset',
      type: 'string',
      required: true,
      description:
        'Publication series the figure belongs to (the mapping id, e.g. mlps_cob_regionale_trimestrale).',
    },
    {
      name: 'measure',
      type: 'string',
      required: true,
      description: 'Measure code, in core.official_measures (which says whether it adds up).',
    },
    {
      name: 'territory_code',
      type: 'string',
      required: true,
      description:
        'Our territory: region cod_regione, province cod_uts, comune code, IT (Italy), ND (not assignable).',
    },
    {
      name: 'territory_level',
      type: 'string',
      required: true,
      codeList: 'territory_level',
      description: 'italia, ripartizione, regione, provincia, comune, cpi or non_ripartibile.',
    },
    {
      name: 'source_territory',
      type: 'string',
      required: true,
      description: 'Territory label exactly as published (e.g. `Bolzano/Bolzen`, `Totale (d)`).',
    },
    {
      name: 'period',
      type: 'string',
      required: true,
      description: '`YYYY`, `YYYY-Qn`, `YYYY-MM` or a reference date `YYYY-MM-DD`.',
    },
    {
      name: 'period_type',
      type: 'string',
      required: true,
      description: 'year, quarter, month or date (a stock at that date).',
    },
    { name: 'sex', type: 'string', required: true, description: 'M, F, or _T (total).' },
    {
      name: 'age_band',
      type: 'string',
      required: true,
      description: 'Age band as published (e.g. 15-29), or _T.',
    },
    {
      name: 'contract_type',
      type: 'string',
      required: true,
      description: 'Contract type code, or _T.',
    },
    {
      name: 'gol_path',
      type: 'string',
      required: true,
      description:
        'GOL path 1–5 (reinserimento, upskilling, reskilling, lavoro e inclusione, ricollocazione collettiva), or _T.',
    },
    {
      name: 'value',
      type: 'decimal',
      description: 'The figure; empty only when the publication gives none (flag na) — never 0.',
    },
    {
      name: 'unit',
      type: 'string',
      required: true,
      description: 'Unit of the value, as in the measure catalogue.',
    },
    {
      name: 'flags',
      type: 'string',
      description:
        "Space-separated: p provisional, e estimated, c confidential, na not available, b the territory's borders in the period are not today's (Eurostat's break in series).",
    },
    {
      name: 'publication',
      type: 'string',
      required: true,
      description: 'The publication the figure comes from (file or report id as printed).',
    },
    { name: 'published_on', type: 'date', description: 'Date of the publication, when known.' },
  ],
  references: [{ column: 'measure', feed: 'official_measures' }],
};
