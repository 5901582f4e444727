import type { FeedDefinition } from './feedDefinition.ts';

// Where a funded project takes place, as OpenCoesione publishes it in its
// "localizzazioni" file: one row per project and place, at the level the
// monitoring system knows (a comune, a province, a region, the whole country,
// abroad). Written by the OpenCoesione localizzazioni connector
// (ingest/connectors/opencoesioneLocalizzazioni.ts), never typed by hand.
// Projects are joined on their local code (core.projects.local_code): the
// localizzazioni file carries no CUP.
export const projectPlaces: FeedDefinition = {
  name: 'project_places',
  group: 'public_source',
  table: 'core.project_places',
  description:
    'Places of funded projects as published by OpenCoesione (localizzazioni): comune, province, region, national or abroad.',
  key: ['local_code', 'place_level', 'territory_code'],
  columns: [
    {
      name: 'local_code',
      type: 'string',
      required: true,
      description: 'Local project code (COD_LOCALE_PROGETTO), the key OpenCoesione links its files on.',
    },
    {
      name: 'place_level',
      type: 'string',
      required: true,
      description:
        'comune, provincia, regione, nazionale, estero, or non_localizzato (OC_TERRITORIO_PROG C, P, R, N, E; E with region 999 is "nessuna localizzazione").',
    },
    {
      name: 'territory_code',
      type: 'string',
      required: true,
      description:
        'The place: ISTAT comune code (6 digits), historical province code (3 digits), region code (2 digits), IT, ESTERO-<country code> or ND.',
    },
    {
      name: 'comune_code',
      type: 'string',
      reference: 'comune',
      description:
        'ISTAT comune code as published (province + comune), for comune-level places only; a past code is rolled up when read.',
    },
    {
      name: 'province_code',
      type: 'string',
      description: 'Historical ISTAT province code (COD_PROVINCIA, 3 digits), when the place is in a province.',
    },
    {
      name: 'region_code',
      type: 'string',
      description: 'ISTAT region code (2 digits), when the place is in Italy below the national level.',
    },
    {
      name: 'place_name',
      type: 'string',
      required: true,
      description: 'Name of the place exactly as printed (DEN_COMUNE, DEN_PROVINCIA, DEN_REGIONE).',
    },
    {
      name: 'as_of',
      type: 'date',
      description: 'Date of the publication, from the YYYYMMDD in the file name when it has one.',
    },
  ],
};
