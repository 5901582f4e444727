import type { FeedDefinition } from './feedDefinition.ts';
import { KEY_ID_COLUMN } from './keyIdColumn.ts';

export const services: FeedDefinition = {
  name: 'services',
  group: 'job_centre',
  table: 'core.services',
  description: 'Services and active measures delivered to job seekers.',
  key: ['service_id'],
  columns: [
    { name: 'service_id', type: 'string', required: true, aliases: ['id_servizio'], description: 'Stable id of the service episode.' },
    { name: 'person_id', type: 'string', required: true, pattern: 'hex64', aliases: ['id_persona'], description: 'Pseudonym of the person served.' },
    { name: 'office_id', type: 'string', required: true, aliases: ['codice_sede', 'id_sede'], description: 'Office delivering the service.' },
    { name: 'service_type', type: 'string', required: true, aliases: ['tipo_servizio'], codeList: 'service_type', description: 'Kind of service (reception, guidance_basic, training, traineeship, …).' },
    { name: 'start_date', type: 'date', required: true, aliases: ['data_inizio'], description: 'Start of the service.' },
    { name: 'end_date', type: 'date', aliases: ['data_fine'], description: 'End of the service; empty while ongoing.' },
    { name: 'outcome', type: 'string', aliases: ['esito'], codeList: 'service_outcome', description: 'completed, dropped or ongoing.' },
    { name: 'hours', type: 'decimal', aliases: ['ore'], min: 0, description: 'Hours delivered.' },
    { name: 'programme_code', type: 'string', aliases: ['codice_programma'], description: 'Funding programme, when the service is funded by one.' },
    { name: 'cup', type: 'string', pattern: 'cup', aliases: ['codice_cup'], description: 'Funded project (CUP), when known.' },
    KEY_ID_COLUMN,
  ],
  references: [
    { column: 'office_id', feed: 'offices' },
    { column: 'programme_code', feed: 'programmes' },
    { column: 'cup', feed: 'projects' },
  ],
  dateOrder: [['start_date', 'end_date']],
};
