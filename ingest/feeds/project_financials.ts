import type { FeedDefinition } from './feedDefinition.ts';

export const projectFinancials: FeedDefinition = {
  name: 'project_financials',
  group: 'programme',
  table: 'core.project_financials',
  description: 'Financial snapshots of a project: programmed → admitted → legally committed → paid → certified, as of a date.',
  key: ['cup', 'as_of'],
  columns: [
    { name: 'cup', type: 'string', required: true, pattern: 'cup', aliases: ['codice_cup'], description: 'Project (CUP).' },
    { name: 'as_of', type: 'date', required: true, aliases: ['data_riferimento', 'data_aggiornamento'], description: 'Date the figures refer to.' },
    { name: 'programmed', type: 'money', required: true, aliases: ['programmato', 'importo_programmato'], min: 0, description: 'Amount programmed, euro.' },
    { name: 'admitted', type: 'money', aliases: ['ammesso', 'importo_ammesso'], min: 0, description: 'Amount admitted to funding, euro.' },
    { name: 'legally_committed', type: 'money', aliases: ['impegnato', 'impegni_giuridicamente_vincolanti'], min: 0, description: 'Legally binding commitments, euro.' },
    { name: 'paid', type: 'money', aliases: ['pagato', 'importo_erogato', 'pagamenti'], min: 0, description: 'Payments made, euro.' },
    { name: 'certified', type: 'money', aliases: ['certificato', 'spesa_certificata'], min: 0, description: 'Expenditure certified to the EU, euro.' },
  ],
  references: [{ column: 'cup', feed: 'projects' }],
};
