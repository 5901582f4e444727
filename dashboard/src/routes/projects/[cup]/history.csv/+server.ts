// Download of the project's snapshot history: exactly the rows the stage and
// pace charts draw (mart.project_financial_history), read through the same
// authorization as the page.
import { error } from '@sveltejs/kit';
import { stringify } from 'csv-stringify/sync';
import { dataOf } from '$lib/server/kpi';
import { refusalOf } from '$lib/components/spend/access';
import type { RequestHandler } from './$types';

const COLUMNS = [
  'project', 'as_of', 'programmed', 'admitted', 'legally_committed', 'paid', 'certified',
  'paid_share', 'elapsed_share', 'forecast_paid_at_end', 'is_latest', 'stages_consistent', 'loader_flagged',
  'start_date', 'end_date', 'load_id', 'file_name',
];

export const GET: RequestHandler = async ({ locals, params }) => {
  if (!/^[A-Z0-9]{15}$/.test(params.cup)) error(404, 'Not a CUP.');
  let rows: Record<string, unknown>[];
  try {
    rows = await dataOf(locals).projectHistory(params.cup);
  } catch (e) {
    refusalOf(e, `CUP ${params.cup}`);
  }
  const csv = stringify(rows, { header: true, columns: COLUMNS, cast: { boolean: (b) => (b ? 'true' : 'false') } });
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${params.cup}-history.csv"`,
    },
  });
};
