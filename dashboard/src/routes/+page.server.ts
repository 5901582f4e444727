// Overview for directors: headline KPIs for the chosen territory and period,
// each with its latest quarter, change vs the previous quarter and a sparkline.
import { dataOf, kpiView } from '$lib/server/kpi';
import type { PageServerLoad } from './$types';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const TILE_KPIS = ['MM_HTF', 'MM_FILL', 'PL_RATE_6', 'SP_PAID'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  const province = url.searchParams.get('province') ?? '';
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  const filters = province ? { province: [province] } : undefined;
  const period = { ...(MONTH.test(from) ? { from } : {}), ...(MONTH.test(to) ? { to } : {}) };
  const provinces = await dataOf(locals).dimensionValues('province').catch(() => []);
  const tiles = await Promise.all(
    TILE_KPIS.map((code) =>
      code.startsWith('SP_') ? kpiView(locals, code, {}) : kpiView(locals, code, { dims: ['quarter'], filters, ...period }),
    ),
  );
  const targets = await kpiView(locals, 'SP_TGT', {});
  return { tiles, targets, provinces, province, from, to };
};
