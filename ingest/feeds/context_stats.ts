import type { FeedDefinition } from './feedDefinition.ts';

// Context statistics from public sources (ISTAT, Eurostat): unemployment and
// job-vacancy rates by territory and period. Written by the ISTAT and Eurostat
// connectors (ingest/connectors/) from SDMX-CSV files, never typed by hand.
// Missing or confidential observations keep their flag and an empty value:
// a `:` is never read as 0.
export const contextStats: FeedDefinition = {
  name: 'context_stats',
  group: 'public_source',
  table: 'core.context_stats',
  description: 'Context statistics from ISTAT and Eurostat (unemployment, job vacancies, …) by territory and period, with their flags.',
  key: ['source', 'dataset', 'indicator', 'unit', 'source_territory', 'sex', 'age', 'breakdown', 'period'],
  columns: [
    { name: 'source', type: 'string', required: true, codeList: 'stat_source', description: 'Publisher: istat or eurostat.' },
    { name: 'dataset', type: 'string', required: true, description: 'Dataflow id without agency and version (e.g. UNE_RT_M, 151_914).' },
    { name: 'indicator', type: 'string', required: true, description: 'Indicator code (ISTAT TIPO_DATO, Eurostat indic_* dimension, else the dataset).' },
    { name: 'indicator_label', type: 'string', description: 'Label of the indicator as published.' },
    { name: 'unit', type: 'string', required: true, description: 'Unit of measure code (e.g. PC_ACT, PC); _Z when the source gives none.' },
    { name: 'source_territory', type: 'string', required: true, description: 'Territory code exactly as published (ISTAT ITTER107 e.g. ITD55, Eurostat NUTS 2024 e.g. ITH55).' },
    { name: 'territory_code', type: 'string', description: 'Our territory: comune code, province cod_uts, region cod_regione, ripartizione (1–5) or IT; empty when it cannot be matched.' },
    { name: 'territory_level', type: 'string', required: true, codeList: 'territory_level', description: 'comune, provincia, regione, ripartizione, italia or other.' },
    { name: 'sex', type: 'string', required: true, description: 'T (total), M, F; _Z when not broken down.' },
    { name: 'age', type: 'string', required: true, description: 'Age class as published (e.g. TOTAL, Y15-74, Y15-24); _Z when not broken down.' },
    { name: 'breakdown', type: 'string', required: true, description: 'Other dimensions as `dim=code|dim=code` (e.g. s_adj=NSA|nace_r2=A-S); _Z when none.' },
    { name: 'period', type: 'string', required: true, description: 'TIME_PERIOD as published: 2024, 2024-Q1, 2024-03.' },
    { name: 'value', type: 'decimal', description: 'Observation value; empty when missing (`:`) or confidential — never 0.' },
    { name: 'flag', type: 'string', description: 'Observation flags as published (Eurostat: p provisional, e estimated, b break, c confidential, : missing, …; ISTAT OBS_STATUS).' },
  ],
};
