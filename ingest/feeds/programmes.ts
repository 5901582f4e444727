import type { FeedDefinition } from './feedDefinition.ts';

export const programmes: FeedDefinition = {
  name: 'programmes',
  group: 'programme',
  table: 'core.programmes',
  description: 'Funding programmes (PN Metro Plus, GOL, Garanzia Giovani, regional and municipal schemes).',
  key: ['programme_code'],
  columns: [
    { name: 'programme_code', type: 'string', required: true, aliases: ['codice_programma', 'oc_codice_programma'], description: 'Code of the programme (CCI or local code).' },
    { name: 'name', type: 'string', required: true, aliases: ['denominazione', 'nome_programma'], description: 'Name of the programme.' },
    { name: 'fund', type: 'string', required: true, aliases: ['fondo'], codeList: 'fund', description: 'FSE+, FESR, PNRR, national, regional, municipal or Interreg.' },
    { name: 'managing_authority', type: 'string', aliases: ['autorita_gestione'], description: 'Managing authority.' },
    { name: 'period_start', type: 'date', aliases: ['inizio_periodo'], description: 'Start of the eligibility period.' },
    { name: 'period_end', type: 'date', allowFuture: true, aliases: ['fine_periodo'], description: 'End of the eligibility period.' },
  ],
  dateOrder: [['period_start', 'period_end']],
};
