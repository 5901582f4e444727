import type { FeedDefinition } from './feedDefinition.ts';
import { KEY_ID_COLUMN } from './keyIdColumn.ts';

export const placements: FeedDefinition = {
  name: 'placements',
  group: 'job_centre',
  table: 'core.placements',
  description: 'Employment spells started by job seekers (hires, traineeships, self-employment).',
  key: ['placement_id'],
  columns: [
    { name: 'placement_id', type: 'string', required: true, aliases: ['id_avviamento', 'id_inserimento'], description: 'Stable id of the placement.' },
    { name: 'person_id', type: 'string', required: true, pattern: 'hex64', aliases: ['id_persona'], description: 'Pseudonym of the person placed.' },
    { name: 'employer_id', type: 'string', required: true, pattern: 'hex64', aliases: ['id_azienda'], description: 'Pseudonym of the employer.' },
    { name: 'start_date', type: 'date', required: true, aliases: ['data_inizio', 'data_avviamento'], description: 'First day of work.' },
    { name: 'contract_type', type: 'string', required: true, aliases: ['tipo_contratto'], codeList: 'contract_type', description: 'permanent, fixed_term, apprenticeship, temporary_agency, traineeship, self_employed or other.' },
    { name: 'end_date', type: 'date', aliases: ['data_fine', 'data_cessazione'], description: 'Actual end; empty while running.' },
    { name: 'planned_end_date', type: 'date', allowFuture: true, aliases: ['data_fine_prevista'], description: 'Planned end for fixed-term contracts.' },
    { name: 'working_time', type: 'string', aliases: ['orario'], codeList: 'working_time', description: 'full or part.' },
    { name: 'occupation_code', type: 'string', aliases: ['codice_professione', 'professione'], reference: 'occupation', description: 'Occupation, CP2021 or ISCO:xxxx.' },
    { name: 'sector_code', type: 'string', aliases: ['codice_ateco', 'ateco'], reference: 'sector', description: 'ATECO code of the employer activity.' },
    { name: 'comune_code', type: 'string', aliases: ['codice_comune', 'comune_lavoro'], reference: 'comune', validAt: 'start_date', description: 'ISTAT code of the place of work.' },
    { name: 'channel', type: 'string', aliases: ['canale'], codeList: 'placement_channel', description: 'How the placement came about.' },
    { name: 'vacancy_id', type: 'string', aliases: ['id_vacancy', 'id_offerta'], description: 'Vacancy filled, if any.' },
    { name: 'event_id', type: 'string', aliases: ['id_evento'], description: 'Event that led to the hire, if any.' },
    { name: 'programme_code', type: 'string', aliases: ['codice_programma'], description: 'Programme the placement is attributed to.' },
    { name: 'cup', type: 'string', pattern: 'cup', aliases: ['codice_cup'], description: 'Project (CUP) the placement is attributed to.' },
    KEY_ID_COLUMN,
  ],
  references: [
    { column: 'employer_id', feed: 'employers' },
    { column: 'vacancy_id', feed: 'vacancies' },
    { column: 'event_id', feed: 'events' },
    { column: 'programme_code', feed: 'programmes' },
    { column: 'cup', feed: 'projects' },
  ],
  dateOrder: [['start_date', 'end_date'], ['start_date', 'planned_end_date']],
};
