import type { FeedDefinition } from './feedDefinition.ts';

// The publications the official series come from, one row per mapping: its
// title, publisher and — when the mapping declares it — the licence under
// which its figures may be republished and the attribution that must go with
// them. Written by the official-series connector (ingest/official/) in the
// same transaction as the figures; the open-data page lists only the
// publications a mapping marks as republishable.
export const officialDatasets: FeedDefinition = {
  name: 'official_datasets',
  group: 'public_source',
  table: 'core.official_datasets',
  description:
    'Publications of the official series (from each publication mapping): title, publisher, and the licence and attribution under which they may be republished.',
  key: ['dataset'],
  columns: [
    {
      name: 'dataset',
      type: 'string',
      required: true,
      description: 'The publication series: the mapping’s id, as in core.official_series.dataset.',
    },
    {
      name: 'source',
      type: 'string',
      required: true,
      description: 'Publisher (mlps, inps, inapp, anpal, istat, … or an agency-defined source).',
    },
    { name: 'title', type: 'string', required: true, description: 'Title of the publication, as the mapping names it.' },
    {
      name: 'republish',
      type: 'boolean',
      required: true,
      description:
        'Whether the figures may be republished on the open-data page (the mapping declares a licence); false when the mapping says nothing about reuse.',
    },
    { name: 'licence', type: 'string', description: 'Licence or terms of reuse, as the publisher states them.' },
    {
      name: 'attribution',
      type: 'string',
      description: 'The attribution that must accompany the figures (e.g. "Fonte: INAPP, Focus GOL, su dati MLPS").',
    },
    { name: 'source_url', type: 'string', description: 'Where the publisher publishes it.' },
  ],
};
