import type { FeedDefinition } from './feedDefinition.ts';

export const projects: FeedDefinition = {
  name: 'projects',
  group: 'programme',
  table: 'core.projects',
  description: 'Funded projects, keyed by CUP.',
  key: ['cup'],
  columns: [
    { name: 'cup', type: 'string', required: true, pattern: 'cup', aliases: ['codice_cup'], description: 'Codice Unico di Progetto (15 characters).' },
    { name: 'programme_code', type: 'string', required: true, aliases: ['codice_programma'], description: 'Programme funding the project.' },
    { name: 'title', type: 'string', required: true, aliases: ['titolo', 'titolo_progetto'], description: 'Title of the project.' },
    { name: 'beneficiary', type: 'string', required: true, aliases: ['beneficiario', 'soggetto_attuatore'], description: 'Beneficiary body (a public body or organisation, not a person).' },
    { name: 'local_code', type: 'string', aliases: ['codice_locale', 'clp'], description: 'Local project code (e.g. CLP BO4.4.8.1.a).' },
    { name: 'city', type: 'string', aliases: ['citta', 'comune'], description: 'City of the project.' },
    { name: 'priority', type: 'string', aliases: ['priorita'], description: 'Programme priority.' },
    { name: 'action', type: 'string', aliases: ['azione'], description: 'Programme action.' },
    { name: 'fund', type: 'string', aliases: ['fondo'], codeList: 'fund', description: 'Fund (FSE+, FESR, …).' },
    { name: 'start_date', type: 'date', aliases: ['data_inizio'], description: 'Start of the project.' },
    { name: 'end_date', type: 'date', allowFuture: true, aliases: ['data_fine', 'data_fine_prevista'], description: 'Planned end of the project.' },
    { name: 'programme_resources', type: 'money', aliases: ['risorse_programma', 'risorse_pn_metro'], min: 0, description: 'Resources from the programme, euro.' },
    { name: 'other_resources', type: 'money', aliases: ['altre_risorse'], min: 0, description: 'Other resources, euro.' },
  ],
  references: [{ column: 'programme_code', feed: 'programmes' }],
  dateOrder: [['start_date', 'end_date']],
};
