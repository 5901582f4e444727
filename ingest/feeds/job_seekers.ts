import type { FeedDefinition } from './feedDefinition.ts';
import { KEY_ID_COLUMN } from './keyIdColumn.ts';

export const jobSeekers: FeedDefinition = {
  name: 'job_seekers',
  group: 'job_centre',
  table: 'core.job_seekers',
  description: 'People registered with an office (DID or first contact), pseudonymised at the source.',
  key: ['person_id', 'registered_on'],
  columns: [
    { name: 'person_id', type: 'string', required: true, pattern: 'hex64', aliases: ['id_persona'], description: 'HMAC-SHA256 pseudonym of the codice fiscale (64 lowercase hex).' },
    { name: 'office_id', type: 'string', required: true, aliases: ['codice_sede', 'id_sede'], description: 'Office where the person registered.' },
    { name: 'registered_on', type: 'date', required: true, aliases: ['data_registrazione', 'data_did'], description: 'Date of the DID or first contact.' },
    { name: 'birth_year', type: 'integer', aliases: ['anno_nascita'], min: 1900, max: 2100, description: 'Year of birth (not the full date, to limit re-identification).' },
    { name: 'gender', type: 'string', aliases: ['genere', 'sesso'], codeList: 'gender', description: 'F, M, X or unknown.' },
    { name: 'citizenship', type: 'string', aliases: ['cittadinanza'], codeList: 'citizenship', description: 'IT, EU or non_EU.' },
    { name: 'comune_code', type: 'string', aliases: ['codice_comune', 'comune_residenza'], reference: 'comune', description: 'ISTAT code of the comune of residence.' },
    { name: 'education_isced', type: 'integer', aliases: ['titolo_studio_isced', 'isced'], reference: 'isced', description: 'Highest education level, ISCED 2011 (0–8).' },
    { name: 'disability', type: 'boolean', aliases: ['disabilita', 'l68'], description: 'Registered under L. 68/1999.' },
    { name: 'target_groups', type: 'string_list', aliases: ['gruppi_target', 'target'], codeList: 'target_group', description: 'Target groups, `|`-separated (youth_neet, long_term_unemployed, …).' },
    { name: 'status', type: 'string', aliases: ['condizione', 'stato'], codeList: 'seeker_status', description: 'unemployed, underemployed, employed_seeking, student or inactive.' },
    { name: 'desired_occupation_code', type: 'string', aliases: ['professione_desiderata'], reference: 'occupation', description: 'Desired occupation, CP2021 or ISCO:xxxx.' },
    { name: 'gol_path', type: 'integer', aliases: ['percorso_gol'], min: 1, max: 5, description: 'GOL path 1–5, empty when not in GOL.' },
    { name: 'deregistered_on', type: 'date', aliases: ['data_cancellazione'], description: 'Date the person left the register.' },
    KEY_ID_COLUMN,
  ],
  references: [{ column: 'office_id', feed: 'offices' }],
  dateOrder: [['registered_on', 'deregistered_on']],
};
