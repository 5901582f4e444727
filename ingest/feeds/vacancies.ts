import type { FeedDefinition } from './feedDefinition.ts';
import { KEY_ID_COLUMN } from './keyIdColumn.ts';

export const vacancies: FeedDefinition = {
  name: 'vacancies',
  group: 'job_centre',
  table: 'core.vacancies',
  description: 'Vacancies published through the job centres, with their outcome.',
  key: ['vacancy_id'],
  columns: [
    { name: 'vacancy_id', type: 'string', required: true, aliases: ['id_vacancy', 'id_offerta'], description: 'Stable id of the vacancy.' },
    { name: 'employer_id', type: 'string', required: true, pattern: 'hex64', aliases: ['id_azienda'], description: 'Pseudonym of the employer.' },
    { name: 'office_id', type: 'string', required: true, aliases: ['codice_sede', 'id_sede'], description: 'Office handling the vacancy.' },
    { name: 'published_on', type: 'date', required: true, aliases: ['data_pubblicazione'], description: 'Publication date.' },
    { name: 'occupation_code', type: 'string', required: true, aliases: ['codice_professione', 'professione'], reference: 'occupation', description: 'Occupation sought, CP2021 or ISCO:xxxx.' },
    { name: 'positions', type: 'integer', required: true, aliases: ['posizioni', 'posti'], min: 1, description: 'Positions offered.' },
    { name: 'sector_code', type: 'string', aliases: ['codice_ateco', 'ateco'], reference: 'sector', description: 'ATECO code of the activity.' },
    { name: 'comune_code', type: 'string', aliases: ['codice_comune', 'comune_lavoro'], reference: 'comune', validAt: 'published_on', description: 'ISTAT code of the place of work.' },
    { name: 'contract_offered', type: 'string', aliases: ['contratto_offerto'], codeList: 'contract_type', description: 'Contract type offered.' },
    { name: 'education_required_isced', type: 'integer', aliases: ['titolo_richiesto_isced'], reference: 'isced', description: 'Education required, ISCED 2011.' },
    { name: 'closed_on', type: 'date', aliases: ['data_chiusura'], description: 'Date the vacancy was closed; empty while open.' },
    { name: 'outcome', type: 'string', aliases: ['esito'], codeList: 'vacancy_outcome', description: 'open, filled, partly_filled, unfilled or withdrawn.' },
    { name: 'filled_positions', type: 'integer', aliases: ['posizioni_coperte'], min: 0, description: 'Positions filled.' },
    { name: 'hard_to_fill_reason', type: 'string', aliases: ['motivo_difficolta'], codeList: 'hard_to_fill_reason', description: 'Why the vacancy was hard to fill, if it was.' },
    { name: 'candidates_proposed', type: 'integer', aliases: ['candidati_proposti'], min: 0, description: 'Candidates proposed to the employer.' },
    { name: 'candidates_declined', type: 'integer', aliases: ['candidati_rinunciatari'], min: 0, description: 'Candidates who declined the offer.' },
    KEY_ID_COLUMN,
  ],
  references: [
    { column: 'employer_id', feed: 'employers' },
    { column: 'office_id', feed: 'offices' },
  ],
  dateOrder: [['published_on', 'closed_on']],
};
