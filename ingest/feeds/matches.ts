import type { FeedDefinition } from './feedDefinition.ts';
import { KEY_ID_COLUMN } from './keyIdColumn.ts';

export const matches: FeedDefinition = {
  name: 'matches',
  group: 'job_centre',
  table: 'core.matches',
  description: 'Candidates proposed for vacancies and how far each got.',
  key: ['match_id'],
  columns: [
    { name: 'match_id', type: 'string', required: true, aliases: ['id_match', 'id_candidatura'], description: 'Stable id of the proposal.' },
    { name: 'vacancy_id', type: 'string', required: true, aliases: ['id_vacancy', 'id_offerta'], description: 'Vacancy the person was proposed for.' },
    { name: 'person_id', type: 'string', required: true, pattern: 'hex64', aliases: ['id_persona'], description: 'Pseudonym of the candidate.' },
    { name: 'proposed_on', type: 'date', required: true, aliases: ['data_proposta'], description: 'Date of the proposal.' },
    { name: 'stage', type: 'string', required: true, aliases: ['fase', 'esito'], codeList: 'match_stage', description: 'proposed, interviewed, hired, rejected or declined_by_candidate.' },
    { name: 'event_id', type: 'string', aliases: ['id_evento'], description: 'Event where the match happened, if any.' },
    KEY_ID_COLUMN,
  ],
  references: [
    { column: 'vacancy_id', feed: 'vacancies' },
    { column: 'event_id', feed: 'events' },
  ],
};
