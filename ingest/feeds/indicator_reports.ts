import type { FeedDefinition } from './feedDefinition.ts';

export const indicatorReports: FeedDefinition = {
  name: 'indicator_reports',
  group: 'programme',
  table: 'core.indicator_reports',
  description: 'Reported values of indicators per project, as of a date.',
  key: ['cup', 'indicator_code', 'as_of'],
  columns: [
    { name: 'cup', type: 'string', required: true, pattern: 'cup', aliases: ['codice_cup'], description: 'Project (CUP).' },
    { name: 'indicator_code', type: 'string', required: true, aliases: ['codice_indicatore'], description: 'Indicator code.' },
    { name: 'as_of', type: 'date', required: true, aliases: ['data_riferimento'], description: 'Date the value refers to.' },
    { name: 'value', type: 'decimal', required: true, aliases: ['valore'], description: 'Reported value (cumulative).' },
  ],
  references: [{ column: 'cup', feed: 'projects' }],
};
