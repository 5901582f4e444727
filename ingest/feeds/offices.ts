import type { FeedDefinition } from './feedDefinition.ts';

export const offices: FeedDefinition = {
  name: 'offices',
  group: 'job_centre',
  table: 'core.offices',
  description: 'Job centres, HUB/SPOKE centres, desks and info points that deliver services.',
  key: ['office_id'],
  columns: [
    { name: 'office_id', type: 'string', required: true, aliases: ['codice_sede', 'id_sede'], description: 'Stable code of the office, chosen by the data owner.' },
    { name: 'name', type: 'string', required: true, aliases: ['denominazione', 'nome_sede'], description: 'Public name of the office (not a person).' },
    { name: 'kind', type: 'string', required: true, aliases: ['tipo', 'tipologia'], codeList: 'office_kind', description: 'cpi, hub, spoke, job_centre, desk or info_point.' },
    { name: 'comune_code', type: 'string', required: true, aliases: ['codice_comune', 'cod_comune', 'pro_com_t'], reference: 'comune', description: 'ISTAT 6-digit code of the comune where the office is.' },
    { name: 'operator', type: 'string', aliases: ['gestore', 'ente_gestore'], description: 'Body that runs the office (e.g. Comune di Bari, ARLAB).' },
    { name: 'opened_on', type: 'date', aliases: ['data_apertura'], description: 'Opening date.' },
    { name: 'closed_on', type: 'date', aliases: ['data_chiusura'], description: 'Closing date, empty while open.' },
  ],
  dateOrder: [['opened_on', 'closed_on']],
};
