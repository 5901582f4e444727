// The one authorization layer between every consumer (pages, data API,
// downloads, caches) and the KPI query layer. Who may ask what is decided
// here, from the session's user — never from the URL:
//  - public: no KPI queries; only the predefined, protected public tables;
//  - funder: only funder KPIs, always narrowed to the programmes/CUPs of the
//    session's scope; asking for anything else is 403 and audited; result
//    rows outside the scope are dropped and counts pass disclosure control;
//  - analyst, director, admin: every KPI, unscoped.
// Everything fails closed: an unknown role, KPI or parameter is refused.
import type { Row, Session } from '../db.ts';
import { recordAudit } from './audit.ts';
import { AccessError, authRequired, badRequest, forbidden } from './errors.ts';
import type { DisclosurePolicy } from '../disclosure/index.ts';
import { protectFunderRows } from './funderTables.ts';

/** Structurally the same as dashboard/server/auth AuthUser (kept free of server imports). */
export interface Principal {
  username: string | null;
  role: 'public' | 'funder' | 'analyst' | 'director' | 'admin';
  scope: { programmes: string[]; projects: string[] };
}

export interface KpiRequest {
  /** Group-by dimensions (names checked by the query layer's registry). */
  dims?: string[];
  /** Filters: dimension → value or values (helper D's KpiRequest). */
  filters?: Record<string, string | string[]>;
  /** 'YYYY-MM', inclusive. */
  from?: string;
  to?: string;
  thresholds?: { onTrack?: number; atRisk?: number };
}

const REQUEST_KEYS = new Set(['dims', 'filters', 'from', 'to', 'thresholds']);
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Filter values as a list, whatever form the request used. */
export function filterValues(request: KpiRequest, dim: string): string[] | undefined {
  const v = request.filters?.[dim];
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

export type KpiQuery<R> = (db: Session, code: string, request: KpiRequest) => Promise<R>;

export const KPI_CODE_RE = /^[A-Z][A-Z0-9_]{1,47}$/;
const NAME_RE = /^[a-z][a-z0-9_]{0,47}$/;
// Codes, dates, CUPs, occupation codes ('5.1.2.2.0', 'ISCO:5223'): no quotes, semicolons, parentheses or spaces.
const VALUE_RE = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,63}$/;

/** The scope dimensions of the warehouse: a funder's filters are forced onto them. */
export const PROGRAMME_DIM = 'programme';
export const PROJECT_DIM = 'project';

/** KPIs a funder may see (spend and programme outcomes); everything else is internal. */
export function isFunderKpi(code: string): boolean {
  return /^SP_/.test(code) || /^PL_(RATE|EECR|FUNNEL|QUAL|CONV|EVT)/.test(code);
}

/** Shape checks that need no registry: names and values from a safe alphabet. */
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

/**
 * Narrows a funder's request to its scope. Filters on programmes or projects
 * outside the scope are refused (403). Without such filters the scope is
 * imposed: as a filter when the scope has one kind, otherwise by grouping on
 * project so rows can be checked one by one after the query.
 */
export async function scopeRequest(db: Session, user: Principal, request: KpiRequest, kpiDimensions?: readonly string[]): Promise<{ request: KpiRequest; rowCheck: boolean }> {
  const { programmes, projects } = user.scope;
  if (!programmes.length && !projects.length) throw forbidden('Il tuo profilo non ha un ambito assegnato. / Your account has no scope.');
  const canProgramme = !kpiDimensions || kpiDimensions.includes(PROGRAMME_DIM);
  const canProject = !kpiDimensions || kpiDimensions.includes(PROJECT_DIM);
  if (!canProgramme && !canProject) throw forbidden();
  const askedProgrammes = filterValues(request, PROGRAMME_DIM);
  const askedProjects = filterValues(request, PROJECT_DIM);
  if (askedProgrammes?.some((p) => !programmes.includes(p))) throw forbidden();
  if (askedProjects) {
    const outside = askedProjects.filter((c) => !projects.includes(c));
    if (outside.length) {
      const rows = await db.rows<{ cup: string; programme_code: string }>(
        `select cup, programme_code from core.projects where list_contains($1::VARCHAR[], cup)`,
        [JSON.stringify(outside)],
      );
      const ok = outside.every((c) => rows.some((r) => r.cup === c && programmes.includes(r.programme_code)));
      if (!ok) throw forbidden();
    }
  }
  if (askedProgrammes || askedProjects) return { request, rowCheck: true };
  const filters = { ...(request.filters ?? {}) };
  if (programmes.length && (!projects.length || !canProject)) {
    if (!canProgramme) throw forbidden();
    filters[PROGRAMME_DIM] = [...programmes];
    return { request: { ...request, filters }, rowCheck: true };
  }
  if (projects.length && !programmes.length) {
    if (!canProject) throw forbidden();
    filters[PROJECT_DIM] = [...projects];
    return { request: { ...request, filters }, rowCheck: true };
  }
  // Both kinds: the query layer ANDs filters, so group by project and keep in-scope rows.
  const dims = [...new Set([...(request.dims ?? []), PROJECT_DIM])];
  return { request: { ...request, dims }, rowCheck: true };
}

/**
 * True when a result row belongs to the funder's scope. Rows carrying no
 * programme or project column are in scope only when the request pinned the
 * scope as a filter (the query layer already narrowed them).
 */
export function rowInScope(user: Principal, row: Row, projectProgramme: Map<string, string>, request: KpiRequest): boolean {
  const cup = row[PROJECT_DIM];
  const prog = row[PROGRAMME_DIM] ?? (typeof cup === 'string' ? projectProgramme.get(cup) : undefined);
  if (typeof cup === 'string') return user.scope.projects.includes(cup) || (typeof prog === 'string' && user.scope.programmes.includes(prog));
  // Projects pinned by a (validated, in-scope) filter: the query layer already narrowed every row to them.
  if (filterValues(request, PROJECT_DIM)?.length) return true;
  if (typeof prog === 'string') return user.scope.programmes.includes(prog);
  return Boolean(filterValues(request, PROGRAMME_DIM)?.length);
}

/** Programme codes and CUPs must exist: probing unknown ids is a 400, not an empty answer. */
async function checkScopeValuesExist(db: Session, request: KpiRequest): Promise<void> {
  const programmes = filterValues(request, PROGRAMME_DIM);
  if (programmes?.length) {
    const n = await db.scalar<number>(`select count(*) from core.programmes where list_contains($1::VARCHAR[], programme_code)`, [JSON.stringify(programmes)]);
    if (n !== new Set(programmes).size) throw badRequest('Unknown programme code.');
  }
  const cups = filterValues(request, PROJECT_DIM);
  if (cups?.length) {
    const n = await db.scalar<number>(`select count(*) from core.projects where list_contains($1::VARCHAR[], cup)`, [JSON.stringify(cups)]);
    if (n !== new Set(cups).size) throw badRequest('Unknown CUP.');
  }
}

export interface AuthorizeOptions {
  policy: DisclosurePolicy;
  /** Count columns of the KPI result that pass disclosure control for funders (default: result columns with isCount). */
  countColumns?: string[];
  /** The KPI's allowed dimensions (registry); a funder may only query KPIs cut by programme or project. */
  kpiDimensions?: readonly string[];
  /** Audit successful non-public reads (downloads); denials are always audited. */
  auditAction?: string;
}

function countColumnsOf(result: unknown): string[] {
  const cols = (result as { columns?: { name: string; isCount?: boolean }[] } | null)?.columns;
  return Array.isArray(cols) ? cols.filter((c) => c.isCount).map((c) => c.name) : [];
}

/** Measure columns of a result (registry columns), or every key that is not a requested dimension when the shape has none. */
function measureColumnsOf(result: unknown, rows: Row[], dims: string[]): string[] {
  const cols = (result as { columns?: { name: string; type?: string }[] } | null)?.columns;
  if (Array.isArray(cols)) return cols.filter((c) => c.type === 'measure').map((c) => c.name);
  return [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !dims.includes(k) && k !== PROGRAMME_DIM && k !== PROJECT_DIM);
}

function rowsOf(result: unknown): Row[] | null {
  if (Array.isArray(result)) return result as Row[];
  if (result && typeof result === 'object' && Array.isArray((result as { rows?: unknown }).rows)) return (result as { rows: Row[] }).rows;
  return null;
}

/**
 * Runs a KPI query on behalf of a user. The single seam: pages, the data API,
 * downloads and caches call this, never the query layer directly.
 */
export async function authorizedQuery<R>(
  db: Session,
  user: Principal | undefined,
  code: string,
  request: KpiRequest,
  query: KpiQuery<R>,
  options: AuthorizeOptions,
): Promise<R> {
  const who = user ?? { username: null, role: 'public' as const, scope: { programmes: [], projects: [] } };
  try {
    validateKpiRequest(code, request);
    await checkScopeValuesExist(db, request);
    let effective = request;
    switch (who.role) {
      case 'analyst':
      case 'director':
      case 'admin':
        break;
      case 'funder': {
        if (!options.kpiDimensions && !isFunderKpi(code)) throw forbidden();
        const scoped = await scopeRequest(db, who, request, options.kpiDimensions);
        effective = scoped.request;
        break;
      }
      case 'public':
        throw who.username ? forbidden() : authRequired();
      default:
        throw forbidden();
    }
    const result = await query(db, code, effective);
    if (who.role === 'funder') {
      const rows = rowsOf(result);
      if (!rows) throw forbidden('Result shape not recognised: refused for funders (fail closed).');
      const projects = await db.rows<{ cup: string; programme_code: string }>(`select cup, programme_code from core.projects`);
      const projectProgramme = new Map(projects.map((p) => [p.cup, p.programme_code]));
      const kept = rows.filter((r) => rowInScope(who, r, projectProgramme, effective));
      // Counts pass the one protected-table step: the funder's predefined tables, protected jointly.
      const universe = await scopeRequest(db, who, {}, options.kpiDimensions);
      const version = (result as { martVersion?: unknown }).martVersion;
      const safe = await protectFunderRows({
        db,
        code,
        request: effective,
        rows: kept,
        counts: options.countColumns ?? countColumnsOf(result),
        measures: measureColumnsOf(result, kept, effective.dims ?? []),
        kpiDimensions: options.kpiDimensions ?? [],
        universe: {
          filters: Object.fromEntries(Object.entries(universe.request.filters ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])),
          keep: (r) => rowInScope(who, r, projectProgramme, universe.request),
        },
        query: async (d, c, r) => rowsOf(await query(d, c, r)) ?? [],
        policy: options.policy,
        cacheKey: typeof version === 'number' ? `${accessScope(who)}|v${version}` : null,
      });
      rows.splice(0, rows.length, ...safe);
    }
    if (options.auditAction) {
      await recordAudit(db, { actor: who.username, role: who.role, action: options.auditAction, target: code, outcome: 'ok' });
    }
    return result;
  } catch (err) {
    if (err instanceof AccessError && err.status !== 400) {
      await recordAudit(db, { actor: who.username, role: who.role, action: 'deny', target: code.slice(0, 64), outcome: 'denied', detail: err.code });
    }
    throw err;
  }
}

/** The scope part of a cache key: the role, and for funders the sorted scope. */
export function accessScope(user: Principal | undefined): string {
  if (!user) return 'public';
  if (user.role !== 'funder') return user.role;
  return `funder:${[...user.scope.programmes.map((p) => `p:${p}`), ...user.scope.projects.map((c) => `c:${c}`)].sort().join(',')}`;
}

/** Cache key for any cached KPI result: the scope is part of it, so scopes never share entries. */
export function accessCacheKey(user: Principal, code: string, request: KpiRequest): string {
  return `${accessScope(user)}|${code}|${stableJson(request)}`;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
