// A section page = a list of KPIs, each cut by the dimensions that page is
// about; territory (province) and period from the URL apply to all of them.
import { dataOf, kpiDims, kpiView } from './kpi';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface SectionSpec {
  code: string;
  dims: string[];
}

export async function loadSection(locals: App.Locals, url: URL, specs: SectionSpec[]) {
  const province = url.searchParams.get('province') ?? '';
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  const view = url.searchParams.get('view') ?? 'bar';
  const provinces = await dataOf(locals).dimensionValues('province').catch(() => []);
  const views = await Promise.all(
    specs.map((s) => {
      const dims = kpiDims(locals, s.code);
      const canPeriod = dims.includes('month');
      const filters = province && dims.includes('province') ? { province: [province] } : undefined;
      const request = {
        dims: s.dims,
        filters,
        ...(canPeriod && MONTH.test(from) ? { from } : {}),
        ...(canPeriod && MONTH.test(to) ? { to } : {}),
      };
      return kpiView(locals, s.code, request).then((v) => ({ ...v, query: toQuery(request) }));
    }),
  );
  return { views, provinces, province, from, to, view: ['bar', 'line', 'table'].includes(view) ? view : 'bar' };
}

/** The data API's query string for a request (so downloads contain exactly the rows shown). */
export function toQuery(r: { dims?: string[]; filters?: Record<string, string[]>; from?: string; to?: string }): string {
  const q = new URLSearchParams();
  if (r.dims?.length) q.set('by', r.dims.join(','));
  const where = Object.entries(r.filters ?? {}).map(([k, v]) => `${k}:${v.join('|')}`).join(';');
  if (where) q.set('where', where);
  if (r.from) q.set('from', r.from);
  if (r.to) q.set('to', r.to);
  return q.toString();
}
