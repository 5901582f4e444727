import type { FeedDefinition } from './feedDefinition.ts';

export const targets: FeedDefinition = {
  name: 'targets',
  group: 'programme',
  table: 'core.targets',
  description: 'Milestones and targets for indicators, per programme, project or territory.',
  key: ['target_id'],
  columns: [
    { name: 'target_id', type: 'string', required: true, aliases: ['id_target'], description: 'Stable id of the target.' },
    { name: 'scope', type: 'string', required: true, aliases: ['ambito'], codeList: 'target_scope', description: 'programme, project or territory.' },
    { name: 'scope_id', type: 'string', required: true, aliases: ['id_ambito'], description: 'Programme code, CUP, or ISTAT territory code.' },
    { name: 'indicator_code', type: 'string', required: true, aliases: ['codice_indicatore'], description: 'ESF+ common indicator (EECO/EECR), programme-specific code, an observatory KPI code, or the measure code of an official series (a region’s GOL target: gol_individui_presi_in_carico).' },
    { name: 'due_date', type: 'date', allowFuture: true, required: true, aliases: ['scadenza'], description: 'Date by which the value is due.' },
    { name: 'target_value', type: 'decimal', required: true, aliases: ['valore_target', 'valore_obiettivo'], description: 'Value to reach.' },
    { name: 'unit', type: 'string', aliases: ['unita', 'unita_misura'], description: 'Unit (persons, euro, %, …).' },
    { name: 'kind', type: 'string', aliases: ['tipo'], codeList: 'target_kind', description: 'milestone or target.' },
    { name: 'baseline', type: 'decimal', aliases: ['valore_base', 'baseline'], description: 'Value at the start, for the straight-line path.' },
  ],
};
