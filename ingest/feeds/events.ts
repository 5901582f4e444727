import type { FeedDefinition } from './feedDefinition.ts';

export const events: FeedDefinition = {
  name: 'events',
  group: 'job_centre',
  table: 'core.events',
  description: 'Recruiting days, career days, matching events, job fairs and workshops.',
  key: ['event_id'],
  columns: [
    { name: 'event_id', type: 'string', required: true, aliases: ['id_evento'], description: 'Stable id of the event.' },
    { name: 'office_id', type: 'string', required: true, aliases: ['codice_sede', 'id_sede'], description: 'Organising office.' },
    { name: 'kind', type: 'string', required: true, aliases: ['tipo', 'tipologia'], codeList: 'event_kind', description: 'recruiting_day, career_day, matching_event, job_fair or workshop.' },
    { name: 'date', type: 'date', required: true, aliases: ['data', 'data_evento'], description: 'Day of the event.' },
    { name: 'employers', type: 'integer', aliases: ['aziende'], min: 0, description: 'Employers taking part.' },
    { name: 'participants', type: 'integer', aliases: ['partecipanti'], min: 0, description: 'Job seekers taking part.' },
    { name: 'interviews', type: 'integer', aliases: ['colloqui'], min: 0, description: 'Interviews held.' },
    { name: 'hires_reported', type: 'integer', aliases: ['assunzioni'], min: 0, description: 'Hires reported by employers after the event.' },
  ],
  references: [{ column: 'office_id', feed: 'offices' }],
};
