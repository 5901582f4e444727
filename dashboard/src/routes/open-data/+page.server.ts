// Public tables as published by helper G's open-data job (already protected by
// disclosure control): the page shows the same files the downloads serve.
import { dataOf } from '$lib/server/kpi';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
  extensions: ['csv', 'xlsx', 'parquet', 'json'],
  tables: dataOf(locals).publicTables(),
});
