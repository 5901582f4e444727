// The one authorization layer between every consumer (pages, data API,
// downloads, caches) and the KPI query layer. Who may ask what is decided
// here, from the session's user — never from the URL — by the role's rules
// (./roles.ts):
//  - kpis 'none' (public): no KPI queries; only the predefined, protected
//    public tables;
//  - kpis 'funder': only funder KPIs; asking for anything else is 403 and audited;
//  - scoped (funder): always narrowed to the programmes/CUPs of the session's
//    scope; result rows outside the scope are dropped and counts pass
//    disclosure control;
//  - kpis 'all', unscoped (analyst, director, admin): every KPI.
// Everything fails closed: an unknown role, KPI or parameter is refused.
import type { Session } from '../db.ts';
import type { DisclosurePolicy } from '../disclosure/index.ts';
import type { KpiRequest } from '../kpi/types.ts';
import { recordAudit } from './audit.ts';
import { AccessError, authRequired, forbidden } from './errors.ts';
import { protectFunderRows } from './funderTables.ts';
import { validateKpiRequest } from './request.ts';
import { ANONYMOUS_PRINCIPAL, accessScope, rulesOf, type Principal } from './roles.ts';
import { countColumnsOf, martVersionOf, measureColumnsOf, rowsOf, type ArrowResult, type RowsResult } from './results.ts';
import { checkScopeValuesExist, isFunderKpi, rowInScope, scopeRequest } from './scope.ts';

// Principal is defined with the roles, the result shapes in ./results.ts; re-exported for modules that import them from here.
export type { Principal } from './roles.ts';
export type { ArrowResult, ResultRow, RowsResult } from './results.ts';

export type KpiQuery<R> = (db: Session, code: string, request: KpiRequest) => Promise<R>;

export interface AuthorizeOptions {
  policy: DisclosurePolicy;
  /** Count columns of the KPI result that pass disclosure control for funders (default: result columns with isCount). */
  countColumns?: string[];
  /** The KPI's allowed dimensions (registry); a funder may only query KPIs cut by programme or project. */
  kpiDimensions?: readonly string[];
  /** Audit successful non-public reads (downloads); denials are always audited. */
  auditAction?: string;
}

/**
 * Checks the request and the role's rules before any query runs, and returns
 * the request to run: the user's own, or for a scoped role the one narrowed
 * to its scope.
 */
async function admit(db: Session, who: Principal, code: string, request: KpiRequest, options: AuthorizeOptions): Promise<KpiRequest> {
  validateKpiRequest(code, request);
  await checkScopeValuesExist(db, request);
  const rules = rulesOf(who.role);
  if (!rules) throw forbidden();
  if (rules.kpis === 'none') throw who.username ? forbidden() : authRequired();
  if (rules.kpis === 'funder' && !isFunderKpi(code, options.kpiDimensions)) throw forbidden();
  if (!rules.scoped) return request;
  return (await scopeRequest(db, who, request, options.kpiDimensions)).request;
}

/**
 * Drops a scoped user's rows outside its scope and passes its counts through
 * the funder tables' protection, in place: the result's own rows array is
 * rewritten.
 */
async function narrowToScope<R extends RowsResult>(
  db: Session,
  who: Principal,
  code: string,
  effective: KpiRequest,
  result: R,
  query: KpiQuery<R>,
  options: AuthorizeOptions,
): Promise<void> {
  const rows = rowsOf(result);
  const projects = await db.rows<{ cup: string; programme_code: string }>(`select cup, programme_code from core.projects`);
  const projectProgramme = new Map(projects.map((p) => [p.cup, p.programme_code]));
  const kept = rows.filter((r) => rowInScope(who, r, projectProgramme, effective));
  // Counts pass the one protected-table step: the funder's predefined tables, protected jointly.
  const universe = await scopeRequest(db, who, {}, options.kpiDimensions);
  const version = martVersionOf(result);
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
    query: async (d, c, r) => rowsOf(await query(d, c, r)),
    policy: options.policy,
    cacheKey: typeof version === 'number' ? `${accessScope(who)}|v${version}` : null,
  });
  rows.splice(0, rows.length, ...safe);
}

/** Runs `answer` under the audit trail: successful reads when asked, denials always. */
async function audited<R>(db: Session, who: Principal, code: string, options: AuthorizeOptions, answer: () => Promise<R>): Promise<R> {
  try {
    const result = await answer();
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

/**
 * Runs a KPI query that answers with rows (plain rows or a KpiResult) on
 * behalf of a user. The single seam: pages, the data API, downloads and
 * caches call this (or authorizedArrowQuery), never the query layer directly.
 */
export async function authorizedQuery<R extends RowsResult>(
  db: Session,
  user: Principal | undefined,
  code: string,
  request: KpiRequest,
  query: KpiQuery<R>,
  options: AuthorizeOptions,
): Promise<R> {
  const who = user ?? ANONYMOUS_PRINCIPAL;
  return audited(db, who, code, options, async () => {
    const effective = await admit(db, who, code, request, options);
    const result = await query(db, code, effective);
    if (rulesOf(who.role)?.scoped !== false) await narrowToScope(db, who, code, effective, result, query, options);
    return result;
  });
}

/**
 * Runs a KPI query that answers with Arrow on behalf of a user. The access
 * layer cannot narrow Arrow row by row, so scoped roles are refused before
 * the query runs (fail closed): serve them authorizedQuery's rows instead.
 */
export async function authorizedArrowQuery<R extends ArrowResult>(
  db: Session,
  user: Principal | undefined,
  code: string,
  request: KpiRequest,
  query: KpiQuery<R>,
  options: AuthorizeOptions,
): Promise<R> {
  const who = user ?? ANONYMOUS_PRINCIPAL;
  return audited(db, who, code, options, async () => {
    const effective = await admit(db, who, code, request, options);
    if (rulesOf(who.role)?.scoped !== false) throw forbidden('Arrow answers cannot be narrowed to a scope: refused (fail closed).');
    return query(db, code, effective);
  });
}
