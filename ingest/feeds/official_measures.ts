import type { FeedDefinition } from './feedDefinition.ts';

// The measure catalogue of the official series: written by the official-series
// connector (ingest/official/) from the measures a publication's mapping
// declares, in the same transaction as the figures that use them. Each
// measure says how it adds up, so the query layer never sums what must not be
// summed (see warehouse/migrations/080_official_series.sql).
export const officialMeasures: FeedDefinition = {
  name: 'official_measures',
  group: 'public_source',
  table: 'core.official_measures',
  description:
    'Measures of the official series (from each publication mapping): labels, unit and whether they add up.',
  key: ['measure'],
  columns: [
    {
      name: 'measure',
      type: 'string',
      required: true,
      description:
        'Measure code, unique across publications (e.g. cob_rapporti_attivati, gol_prese_in_carico).',
    },
    {
      name: 'source',
      type: 'string',
      required: true,
      description:
        'Publisher of the measure (mlps, inps, inapp, anpal, istat, … or an agency-defined source).',
    },
    { name: 'label_it', type: 'string', required: true, description: 'Italian label.' },
    { name: 'label_en', type: 'string', required: true, description: 'English label.' },
    {
      name: 'additivity',
      type: 'string',
      required: true,
      codeList: 'official_additivity',
      description:
        'flow (adds across territories and periods), stock (adds across territories at one date, never across dates), distinct (distinct persons: never summed), ratio (ratio, share or mean: never summed).',
    },
    {
      name: 'unit',
      type: 'string',
      required: true,
      description:
        'Unit of the value (rapporti, persone, percentuale, rapporti_per_lavoratore, …).',
    },
  ],
};
