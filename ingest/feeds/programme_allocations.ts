import type { FeedDefinition } from './feedDefinition.ts';

// What a programme was given, as OpenCoesione publishes it: one row per
// programme, fund, category of region and reference date, with the total
// allocation and its EU share. A programme financed by two funds (a PON
// FESR-FSE) has a row per fund. Written by the OpenCoesione allocations
// connector (ingest/connectors/opencoesioneDotazioni.ts), never typed by hand.
export const programmeAllocations: FeedDefinition = {
  name: 'programme_allocations',
  group: 'public_source',
  table: 'core.programme_allocations',
  description:
    'Programme allocations by fund and category of region at each reference date, as published by OpenCoesione (dotazioni).',
  key: ['programme_code', 'fund', 'region_category', 'as_of'],
  columns: [
    {
      name: 'programme_code',
      type: 'string',
      required: true,
      description: 'Programme code (CCI) as printed, without the `CCI ` prefix.',
    },
    { name: 'programme_name', type: 'string', required: true, description: 'Programme name as printed.' },
    {
      name: 'fund',
      type: 'string',
      required: true,
      description: 'Fund as printed (FESR, FSE, IOG, …).',
    },
    {
      name: 'region_category',
      type: 'string',
      required: true,
      description:
        'EU category of region as printed (Regioni meno sviluppate, in transizione, più sviluppate; Italia for the Youth Employment Initiative).',
    },
    { name: 'as_of', type: 'date', required: true, description: 'Reference date of the allocation (from the column header).' },
    { name: 'total_amount', type: 'money', min: 0, description: 'Total allocation (EU + national), euro; empty when not printed.' },
    { name: 'eu_amount', type: 'money', min: 0, description: 'EU share of the allocation, euro; empty when not printed.' },
  ],
};
