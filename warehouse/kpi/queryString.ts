// The data API's query string (?by=a,b&where=dim:v1|v2;dim2:v&from=&to=) ↔ the
// query layer's request shape. Used by the API router and the explore page so
// a page and its downloads ask for exactly the same rows. Names and values are
// checked by the query layer's allow-list, so this only parses. Pure (no
// imports at all): the SvelteKit app may import it (see the allow-list in
// tests/architecture/dashboard-boundary.test.ts).
export interface ParsedKpiQuery {
  dims?: string[];
  filters?: Record<string, string[]>;
  from?: string;
  to?: string;
}

export class ApiParamError extends Error {
  readonly status = 400;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function one(q: unknown, name: string): string | undefined {
  if (q === undefined) return undefined;
  if (typeof q !== 'string') throw new ApiParamError('INVALID_PARAMETER', `Parameter '${name}' must be given once, as text.`);
  return q;
}

/** The parameters the data API understands besides `f.<dimension>` filters. */
export const KPI_QUERY_PARAMETERS = ['by', 'where', 'from', 'to', 'format'] as const;

/**
 * `where` syntax: `dim:value|value;dim2:value` (also accepted as repeated `f.dim=value`).
 * An unknown parameter is refused rather than ignored: `?project=X` silently
 * answering for every project would look like a filter that was applied.
 */
export function parseKpiQuery(query: Record<string, unknown>): ParsedKpiQuery {
  for (const k of Object.keys(query))
    if (!(KPI_QUERY_PARAMETERS as readonly string[]).includes(k) && !k.startsWith('f.'))
      throw new ApiParamError(
        'UNKNOWN_PARAMETER',
        `Unknown parameter '${k.replace(/[^\w.-]/g, '?').slice(0, 40)}': use ${KPI_QUERY_PARAMETERS.join(', ')} or f.<dimension> (filters go in where=dimension:value).`,
      );
  const by = one(query.by, 'by');
  const where = one(query.where, 'where');
  const from = one(query.from, 'from');
  const to = one(query.to, 'to');
  // A Map, not an object: a dimension named `__proto__` or `constructor` must
  // stay an ordinary (unknown, hence refused) name instead of reaching
  // Object.prototype, where it was silently dropped or crashed the handler.
  const filters = new Map<string, string[]>();
  if (where) {
    for (const part of where.split(';').filter(Boolean)) {
      const i = part.indexOf(':');
      if (i <= 0)
        throw new ApiParamError('INVALID_WHERE', `Filter '${part}' is not 'dimension:value' (several values separated by '|').`);
      const values = part.slice(i + 1).split('|').filter((v) => v !== '');
      if (!values.length) throw new ApiParamError('INVALID_WHERE', `Filter on '${part.slice(0, i)}' has no value.`);
      filters.set(part.slice(0, i), values);
    }
  }
  for (const [k, v] of Object.entries(query)) {
    if (!k.startsWith('f.')) continue;
    const values = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
    if (values.length) filters.set(k.slice(2), [...(filters.get(k.slice(2)) ?? []), ...values]);
  }
  const request: ParsedKpiQuery = {};
  if (by) request.dims = by.split(',').filter(Boolean);
  // Object.fromEntries defines own properties, so `__proto__` stays a key the query layer refuses.
  if (filters.size) request.filters = Object.fromEntries(filters);
  if (from) request.from = from;
  if (to) request.to = to;
  return request;
}

/** The query string for a request (so downloads contain exactly the rows shown). */
export function toKpiQuery(r: ParsedKpiQuery): string {
  const q = new URLSearchParams();
  if (r.dims?.length) q.set('by', r.dims.join(','));
  const where = Object.entries(r.filters ?? {})
    .map(([k, v]) => `${k}:${v.join('|')}`)
    .join(';');
  if (where) q.set('where', where);
  if (r.from) q.set('from', r.from);
  if (r.to) q.set('to', r.to);
  return q.toString();
}
