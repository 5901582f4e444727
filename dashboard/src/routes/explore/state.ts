// The explorer's whole state lives in the URL so a view can be bookmarked and
// shared: ?kpi=&by=a,b&where=dim:v|v;dim2:v&from=YYYY-MM&to=YYYY-MM&view=.
// The same by/where/from/to string is what the page asks /api/kpi/<code>
// with and what the downloads use, so they hold exactly the rows shown.
import { parseKpiQuery, toKpiQuery, type ParsedKpiQuery } from '../../../../warehouse/kpi/queryString.ts';
import { printable, readChoice, readPeriod, unknownParams, type ParamProblem, type Text } from '../../lib/params.ts';

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

/** The parameters the explorer reads, besides the form's `f.<dimension>` filters. */
export const EXPLORE_PARAMS = ['lang', 'kpi', 'by', 'where', 'from', 'to', 'view'] as const;

const KPI_LIST = { href: '/methodology', label: { it: 'Elenco dei KPI', en: 'List of KPIs' } };
const notApplied = (what: Text): Text => ({ it: `${what.it}: non applicato`, en: `${what.en}: not applied` });

/**
 * Reads the state from a URL's parameters; see readStateChecked for what is
 * reported about the parameters it could not use.
 */
export function readState(params: URLSearchParams, kpis: ExploreKpi[], fallback = 'MM_VAC'): ExploreState {
  return readStateChecked(params, kpis, fallback).state;
}

/**
 * Reads the state and says what of the URL it could not use: names and
 * values the KPI does not allow are not applied (the query layer would
 * refuse them) and each is reported, so a stale or hand-edited link still
 * opens a working view that says what it left out. An unknown KPI opens no
 * KPI (kpi ''), never another one in its place.
 */
export function readStateChecked(params: URLSearchParams, kpis: ExploreKpi[], fallback = 'MM_VAC'): { state: ExploreState; problems: ParamProblem[] } {
  const problems: ParamProblem[] = unknownParams(params, EXPLORE_PARAMS, ['f.']);
  const code = params.get('kpi');
  let def: ExploreKpi | undefined;
  if (code) {
    def = kpis.find((k) => k.code === code);
    if (!def)
      problems.push({
        param: 'kpi',
        value: printable(code),
        problem: { it: `KPI sconosciuto: ${printable(code)}`, en: `unknown KPI: ${printable(code)}` },
        expected: { it: `un codice dell’elenco dei KPI, es. ${fallback}`, en: `a code from the list of KPIs, e.g. ${fallback}` },
        outcome: { it: 'nessun KPI mostrato: sceglierne uno', en: 'no KPI shown: choose one' },
        link: KPI_LIST,
      });
  } else def = kpis.find((k) => k.code === fallback) ?? kpis[0];
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
  } catch (e) {
    // A malformed where= opens the KPI unfiltered, and says so.
    problems.push({
      param: 'where',
      value: printable(params.get('where') ?? ''),
      problem: { it: `filtro non valido: ${(e as Error).message}`, en: `invalid filter: ${(e as Error).message}` },
      expected: WHERE_FORM,
      outcome: { it: 'filtri non applicati', en: 'filters not applied' },
    });
    parsed = {};
  }
  const dimsForm = (d: ExploreKpi): Text => ({ it: `una tra: ${d.dimensions.join(', ')}`, en: `one of: ${d.dimensions.join(', ')}` });
  // Without a known KPI nothing is read, so the group-bys and filters are kept as given for the form.
  const allowed = new Set(def ? def.dimensions : [...(parsed.dims ?? []), ...Object.keys(parsed.filters ?? {})]);
  const asked = [...new Set(parsed.dims ?? [])];
  for (const d of asked.filter((x) => !allowed.has(x)))
    problems.push({
      param: 'by',
      value: printable(d),
      problem: { it: `dimensione non disponibile per ${def?.code}: ${printable(d)}`, en: `dimension not available for ${def?.code}: ${printable(d)}` },
      expected: dimsForm(def!),
      outcome: notApplied({ it: 'raggruppamento', en: 'group-by' }),
    });
  const dims = asked.filter((d) => allowed.has(d));
  if (dims.length > MAX_GROUP_BY)
    problems.push({
      param: 'by',
      value: printable(dims.slice(MAX_GROUP_BY).join(',')),
      problem: { it: `troppi raggruppamenti: ${dims.length}`, en: `too many group-bys: ${dims.length}` },
      expected: { it: `al massimo ${MAX_GROUP_BY} dimensioni`, en: `at most ${MAX_GROUP_BY} dimensions` },
      outcome: { it: `applico le prime ${MAX_GROUP_BY}`, en: `applying the first ${MAX_GROUP_BY}` },
    });
  const filters: Record<string, string[]> = {};
  for (const [d, v] of Object.entries(parsed.filters ?? {})) {
    if (allowed.has(d)) {
      if (v.length) filters[d] = v;
      continue;
    }
    problems.push({
      param: 'where',
      value: printable(`${d}:${v.join('|')}`),
      problem: { it: `filtro su una dimensione non disponibile per ${def?.code}: ${printable(d)}`, en: `filter on a dimension not available for ${def?.code}: ${printable(d)}` },
      expected: dimsForm(def!),
      outcome: notApplied({ it: 'filtro', en: 'filter' }),
    });
  }
  const period = readPeriod(params);
  problems.push(...period.problems);
  if (def && !def.period && (period.from || period.to))
    problems.push({
      param: period.from ? 'from' : 'to',
      value: period.from || period.to,
      problem: { it: `${def.code} non ha un periodo mensile`, en: `${def.code} has no monthly period` },
      expected: { it: 'from/to solo per i KPI con il mese tra le dimensioni', en: 'from/to only for KPIs with the month among their dimensions' },
      outcome: notApplied({ it: 'periodo', en: 'period' }),
    });
  const withPeriod = !def || def.period;
  const view = readChoice(params, 'view', VIEW_MODES, 'auto');
  problems.push(...view.problems);
  return {
    state: {
      kpi: def?.code ?? '',
      by: dims.slice(0, MAX_GROUP_BY),
      filters,
      from: withPeriod ? period.from : '',
      to: withPeriod ? period.to : '',
      view: view.value,
    },
    problems,
  };
}

const WHERE_FORM: Text = {
  it: 'dimensione:valore, più valori separati da |, più filtri da ;, es. province:272|237;gender:F',
  en: 'dimension:value, several values separated by |, several filters by ;, e.g. province:272|237;gender:F',
};

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
