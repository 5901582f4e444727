import type { FeedDefinition } from './feedDefinition.ts';
import { KEY_ID_COLUMN } from './keyIdColumn.ts';

export const employers: FeedDefinition = {
  name: 'employers',
  group: 'job_centre',
  table: 'core.employers',
  description: 'Employers that publish vacancies or hire, pseudonymised at the source.',
  key: ['employer_id'],
  columns: [
    { name: 'employer_id', type: 'string', required: true, pattern: 'hex64', aliases: ['id_azienda'], description: 'HMAC-SHA256 pseudonym of the employer fiscal code / partita IVA.' },
    { name: 'sector_code', type: 'string', required: true, aliases: ['codice_ateco', 'ateco'], reference: 'sector', description: 'ATECO 2007/2025 code, any level.' },
    { name: 'comune_code', type: 'string', required: true, aliases: ['codice_comune', 'cod_comune'], reference: 'comune', description: 'ISTAT code of the comune of the workplace.' },
    { name: 'size_band', type: 'string', aliases: ['classe_dimensionale', 'dimensione'], codeList: 'size_band', description: 'micro, small, medium or large.' },
    { name: 'board_member', type: 'boolean', aliases: ['membro_board', 'aderente_rete'], description: 'Member of the local employer board or network.' },
    KEY_ID_COLUMN,
  ],
};
