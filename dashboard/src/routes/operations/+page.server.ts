// Operations: recent job runs (ops.job_runs), loads (ops.loads) and files in
// quarantine with their reports, through the per-request data access.
import { dataOf } from '$lib/server/kpi';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => dataOf(locals).operations();
