// A section page = a list of KPIs, each cut by the dimensions that page is
// about; the territory (region → province → comune, or office) and the period
// from the URL apply to every KPI that allows them, and a KPI that cannot be
// cut at the chosen level says so (territoryNote) instead of ignoring it.
import type { TerritoryTree } from '../../../../warehouse/kpi/territories.ts';
import { dataOf, kpiDims, kpiView } from './kpi';
import { parseTerritory, resolveTerritory, territoryFilter, type ResolvedTerritory } from './territory';
import { PAGE_PARAMS, PERIOD_PARAMS, readChoice, readPeriod, TERRITORY_PARAMS, unknownParams, type ParamProblem } from '$lib/params';
import { reportParams } from './paramStatus';

/** The chart modes a section page offers (?view=). */
export const SECTION_VIEWS = ['bar', 'line', 'table'] as const;
/** The parameters every section page reads (a page adds its own, e.g. /mismatch's map). */
export const SECTION_PARAMS = [...PAGE_PARAMS, ...PERIOD_PARAMS, ...TERRITORY_PARAMS, 'view'] as const;

export interface SectionSpec {
  code: string;
  dims: string[];
}

export const EMPTY_TREE: TerritoryTree = { regions: [], provinces: [], comuni: [], offices: [] };

export interface TerritoryState {
  tree: TerritoryTree;
  resolved: ResolvedTerritory;
}

/** The territory of the URL, checked against the reference lists (what TerritoryPicker shows). */
export async function loadTerritory(locals: App.Locals, url: URL): Promise<TerritoryState> {
  const parsed = parseTerritory(url.searchParams);
  const s = parsed.selection;
  const tree = await dataOf(locals)
    .territories(s.province || null, s.comune || null)
    .catch(() => EMPTY_TREE);
  return { tree, resolved: resolveTerritory(parsed, tree) };
}

/**
 * A section page's data: the territory, the period and the view of the URL
 * applied to each KPI block, and the parameters it could not use
 * (`paramProblems`, shown by the page's alert; the response is a 400).
 * `pageParams` are the page's own parameters, which the page checks itself
 * and reports with reportParams.
 */
export async function loadSection(locals: App.Locals, url: URL, specs: SectionSpec[], pageParams: readonly string[] = []) {
  const territory = await loadTerritory(locals, url);
  const period = readPeriod(url.searchParams);
  const { from, to } = period;
  const view = readChoice(url.searchParams, 'view', SECTION_VIEWS, 'bar');
  const paramProblems: ParamProblem[] = reportParams(locals, [
    ...unknownParams(url.searchParams, [...SECTION_PARAMS, ...pageParams]),
    ...period.problems,
    ...territory.resolved.problems,
    ...view.problems,
  ]);
  const views = await Promise.all(
    specs.map((s) => {
      const dims = kpiDims(locals, s.code);
      const canPeriod = dims.includes('month');
      const cut = territoryFilter(dims, territory.resolved);
      const request = {
        dims: s.dims,
        filters: Object.keys(cut.filters).length ? cut.filters : undefined,
        ...(canPeriod && from ? { from } : {}),
        ...(canPeriod && to ? { to } : {}),
      };
      return kpiView(locals, s.code, request).then((v) => ({ ...v, query: toQuery(request), territoryNote: cut.note }));
    }),
  );
  // `provinces`/`province` as in the first slice, for pages that still read them.
  const provinces = territory.tree.provinces.map((p) => ({ value: p.code, label: { it: p.name, en: p.name } }));
  return {
    views,
    territory,
    provinces,
    province: territory.resolved.selection.province,
    from,
    to,
    view: view.value,
    paramProblems,
  };
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
