// Page parameter checks: a value in the URL that a page cannot use is reported
// on the page (ParamAlert) with the parameter, the value and the accepted
// form — never dropped or replaced in silence. One rule everywhere: the part
// of the page the parameter controls falls back to its neutral default (the
// whole period, all territories, the default view) and the message says so;
// where there is no neutral default (which KPI to explore) nothing is shown.
// Pure, so the explorer's state reader can use it in the browser too.

export type Text = { it: string; en: string };

export interface ParamProblem {
  /** The URL parameter's name (as typed, made printable). */
  param: string;
  /** The value given, made printable and cut to a readable length ('' when the name itself is the problem). */
  value: string;
  /** What is wrong, e.g. "mese non valido". */
  problem: Text;
  /** The accepted form, e.g. "mese nel formato AAAA-MM, es. 2025-03". */
  expected: Text;
  /** What the page shows instead. */
  outcome: Text;
  /** A page that lists the accepted values, when there is one. */
  link?: { href: string; label: Text };
}

/** A URL value as it may be printed: control characters replaced, at most 60 characters. Svelte escapes the HTML. */
export function printable(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = raw.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MONTH_FORM: Text = { it: 'mese nel formato AAAA-MM, es. 2025-03', en: 'month as YYYY-MM, e.g. 2025-03' };
export const NOT_APPLIED: Text = { it: 'non applicato: mostro i dati senza questo filtro', en: 'not applied: showing the data without this filter' };
const WHOLE_PERIOD: Text = { it: 'periodo non valido: mostro l’intero periodo disponibile', en: 'invalid period: showing the whole period available' };

/** The parameters every page understands. */
export const PAGE_PARAMS = ['lang'] as const;
export const PERIOD_PARAMS = ['from', 'to'] as const;
export const TERRITORY_PARAMS = ['region', 'province', 'comune', 'office', 'territory'] as const;

/**
 * Reports every parameter name the page does not read, as the data API does
 * (UNKNOWN_PARAMETER): `?provincia=272` doing nothing would look like a filter
 * that was applied. Names starting with one of `prefixes` (e.g. 'f.') are known.
 */
export function unknownParams(params: URLSearchParams, known: readonly string[], prefixes: readonly string[] = []): ParamProblem[] {
  const out: ParamProblem[] = [];
  const list = [...known, ...prefixes.map((p) => `${p}<…>`)].join(', ');
  for (const name of new Set(params.keys())) {
    if (known.includes(name) || prefixes.some((p) => name.startsWith(p) && name.length > p.length)) continue;
    out.push({
      param: printable(name),
      value: printable(params.get(name) ?? ''),
      problem: { it: `parametro sconosciuto: ${printable(name)}`, en: `unknown parameter: ${printable(name)}` },
      expected: { it: `uno tra: ${list}`, en: `one of: ${list}` },
      outcome: { it: 'ignorato', en: 'ignored' },
    });
  }
  return out;
}

/**
 * The period of the URL: 'YYYY-MM' or '' for each end. An end that is not a
 * month is reported and not applied; an inverted period (from after to) is
 * reported naming both and neither end is applied.
 */
export function readPeriod(params: URLSearchParams): { from: string; to: string; problems: ParamProblem[] } {
  const problems: ParamProblem[] = [];
  const end = (name: 'from' | 'to') => {
    const raw = (params.get(name) ?? '').trim();
    if (!raw) return '';
    if (MONTH.test(raw)) return raw;
    problems.push({
      param: name,
      value: printable(raw),
      problem: { it: `mese non valido in ${name}: ${printable(raw)}`, en: `invalid month in ${name}: ${printable(raw)}` },
      expected: MONTH_FORM,
      outcome: WHOLE_PERIOD,
    });
    return '';
  };
  let from = end('from');
  let to = end('to');
  if (from && to && from > to) {
    problems.push({
      param: 'from',
      value: `${from} > to=${to}`,
      problem: { it: `periodo invertito: from=${from} è dopo to=${to}`, en: `inverted period: from=${from} is after to=${to}` },
      expected: { it: 'from non successivo a to, es. from=2025-01&to=2025-06', en: 'from not after to, e.g. from=2025-01&to=2025-06' },
      outcome: WHOLE_PERIOD,
    });
    from = to = '';
  }
  // One bad end makes the other meaningless as a period: neither is applied, as the message says.
  if (problems.length) from = to = '';
  return { from, to, problems };
}

/**
 * One value out of a closed list (a view mode, a map metric): the default
 * when absent; reported and replaced by the default, saying so, when not in the list.
 */
export function readChoice<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback: T,
): { value: T; problems: ParamProblem[] } {
  const raw = params.get(name);
  if (raw === null || raw === '') return { value: fallback, problems: [] };
  if ((allowed as readonly string[]).includes(raw)) return { value: raw as T, problems: [] };
  return {
    value: fallback,
    problems: [
      {
        param: name,
        value: printable(raw),
        problem: { it: `valore non valido per ${name}: ${printable(raw)}`, en: `invalid value for ${name}: ${printable(raw)}` },
        expected: { it: `uno tra: ${allowed.join(', ')}`, en: `one of: ${allowed.join(', ')}` },
        outcome: { it: `mostro ${name}=${fallback}`, en: `showing ${name}=${fallback}` },
      },
    ],
  };
}
