// The explorer's whole state lives in the URL so a view can be bookmarked and
// shared: ?kpi=&by=a,b&where=dim:v|v;dim2:v&from=YYYY-MM&to=YYYY-MM&view=.
// The same by/where/from/to string is what the page asks /api/kpi/<code>
// with and what the downloads use, so they hold exactly the rows shown.
import { parseKpiQuery, toKpiQuery, type ParsedKpiQuery } from '../../../../warehouse/kpi/queryString.ts';

/** The query layer's limit on group-by dimensions (warehouse/kpi/query.ts MAX_DIMS; a unit test keeps them equal). */
export const MAX_GROUP_BY = 4;
export const VIEW_MODES = ['auto', 'bar', 'line', 'table'] as const;
export type ExploreMode = (typeof VIEW_MODES)[number];

export interface ExploreState {
  kpi: string;
  by: string[];
  filters: Record<string, string[]>;
  from: string;
  to: string;
  view: ExploreMode;
}

/** What the page needs to know about a KPI to offer its choices. */
export interface ExploreKpi {
  code: string;
  dimensions: string[];
  /** Whether the KPI has a monthly time reference (from/to allowed). */
  period: boolean;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Reads the state from a URL's parameters. Names and values the KPI does not
 * allow are dropped here (the query layer would refuse them), so a stale or
 * hand-edited link still opens a working view.
 */
export function readState(params: URLSearchParams, kpis: ExploreKpi[], fallback = 'MM_VAC'): ExploreState {
  const code = params.get('kpi');
  const def = kpis.find((k) => k.code === code) ?? kpis.find((k) => k.code === fallback) ?? kpis[0];
  // by=a,b as the page writes it, or by=a&by=b as the form submits it without JavaScript;
  // filters as where=dim:v|v or as the form's f.<dim>=v fields.
  const query: Record<string, unknown> = {};
  const by = params.getAll('by').flatMap((v) => v.split(',')).filter(Boolean);
  if (by.length) query.by = by.join(',');
  if (params.get('where')) query.where = params.get('where');
  for (const k of new Set(params.keys())) if (k.startsWith('f.')) query[k] = params.getAll(k);
  let parsed: ParsedKpiQuery;
  try {
    parsed = parseKpiQuery(query);
  } catch {
    parsed = {}; // a malformed where= opens the KPI unfiltered rather than an error page
  }
  const allowed = new Set(def?.dimensions ?? []);
  const dims = [...new Set((parsed.dims ?? []).filter((d) => allowed.has(d)))].slice(0, MAX_GROUP_BY);
  const filters: Record<string, string[]> = {};
  for (const [d, v] of Object.entries(parsed.filters ?? {})) if (allowed.has(d) && v.length) filters[d] = v;
  const month = (k: string) => {
    const v = params.get(k) ?? '';
    return def?.period && MONTH.test(v) ? v : '';
  };
  const view = params.get('view') ?? 'auto';
  return {
    kpi: def?.code ?? fallback,
    by: dims,
    filters,
    from: month('from'),
    to: month('to'),
    view: (VIEW_MODES as readonly string[]).includes(view) ? (view as ExploreMode) : 'auto',
  };
}

/** The data request (also the downloads' query string). */
export function requestOf(s: ExploreState): ParsedKpiQuery {
  const r: ParsedKpiQuery = {};
  if (s.by.length) r.dims = s.by;
  if (Object.keys(s.filters).length) r.filters = s.filters;
  if (s.from) r.from = s.from;
  if (s.to) r.to = s.to;
  return r;
}

/** by/where/from/to as the data API reads them. */
export function apiQuery(s: ExploreState): string {
  return toKpiQuery(requestOf(s));
}

/** The page URL's query string for a state (plus the language when given). */
export function stateSearch(s: ExploreState, lang?: string): string {
  const q = new URLSearchParams();
  q.set('kpi', s.kpi);
  for (const [k, v] of new URLSearchParams(apiQuery(s))) q.set(k, v);
  if (s.view !== 'auto') q.set('view', s.view);
  if (lang) q.set('lang', lang);
  return q.toString();
}

/** Identifies the rows a state asks for (everything but the mark). */
export function dataKey(s: ExploreState): string {
  return `${s.kpi}?${apiQuery(s)}`;
}
