// Shape checks of a KPI request that need no registry: field names, dimension
// names and values from a safe alphabet, months as YYYY-MM. They run before
// anything else, for every role, so a malformed request is a 400 whoever asks.
import type { KpiRequest } from '../kpi/types.ts';
import { badRequest } from './errors.ts';

const REQUEST_KEYS = new Set(['dims', 'filters', 'from', 'to', 'thresholds']);
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export const KPI_CODE_RE = /^[A-Z][A-Z0-9_]{1,47}$/;
const NAME_RE = /^[a-z][a-z0-9_]{0,47}$/;
// Codes, dates, CUPs, occupation codes ('5.1.2.2.0', 'ISCO:5223'): no quotes, semicolons, parentheses or spaces.
const VALUE_RE = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,63}$/;

/** Filter values as a list, whatever form the request used. */
export function filterValues(request: KpiRequest, dim: string): string[] | undefined {
  const v = request.filters?.[dim];
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

/** Throws a 400 AccessError unless the code and request are made of known fields and safe names and values. */
export function validateKpiRequest(code: string, request: KpiRequest): void {
  if (!KPI_CODE_RE.test(code)) throw badRequest(`Unknown KPI code.`);
  if (request === null || typeof request !== 'object') throw badRequest('The request must be an object.');
  for (const k of Object.keys(request)) if (!REQUEST_KEYS.has(k)) throw badRequest('Unknown request field.');
  if (request.dims !== undefined && !Array.isArray(request.dims)) throw badRequest('dims must be a list.');
  for (const d of request.dims ?? []) {
    if (typeof d !== 'string' || !NAME_RE.test(d)) throw badRequest(`Unknown dimension in dims.`);
  }
  for (const k of Object.keys(request.filters ?? {})) {
    if (!NAME_RE.test(k)) throw badRequest(`Unknown filter dimension.`);
    const values = filterValues(request, k)!;
    if (values.length > 500) throw badRequest(`Filter ${k} takes at most 500 values.`);
    for (const v of values) if (typeof v !== 'string' || !VALUE_RE.test(v)) throw badRequest(`Invalid value in filter ${k}.`);
  }
  for (const k of ['from', 'to'] as const) {
    if (request[k] !== undefined && (typeof request[k] !== 'string' || !MONTH_RE.test(request[k]!))) throw badRequest(`${k} must be YYYY-MM.`);
  }
  if (request.thresholds !== undefined) {
    const t = request.thresholds;
    if (typeof t !== 'object' || t === null || Object.values(t).some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw badRequest('thresholds must be numbers.');
  }
}
