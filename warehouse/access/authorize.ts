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
import { suppressSmallCounts, type DisclosurePolicy } from '../disclosure/index.ts';

/** Structurally the same as dashboard/server/auth AuthUser (kept free of server imports). */
export interface Principal {
  username: string | null;
  role: 'public' | 'funder' | 'analyst' | 'director' | 'admin';
  scope: { programmes: string[]; projects: string[] };
}

export interface KpiRequest {
  /** Group-by dimensions (names checked by the query layer's registry). */
  dims?: string[];
  /** Filters: dimension → allowed values. */
  filters?: Record<string, string[]>;
  [key: string]: unknown;
}

export type KpiQuery<R> = (db: Session, code: string, request: KpiRequest) => Promise<R>;

export const KPI_CODE_RE = /^[A-Z][A-Z0-9_]{1,47}$/;
const NAME_RE = /^[a-z][a-z0-9_]{0,47}$/;
// Codes, dates, CUPs, occupation codes ('5.1.2.2.0', 'ISCO:5223'): no quotes, semicolons, parentheses or spaces.
const VALUE_RE = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,63}$/;

/** The scope dimensions of the warehouse: a funder's filters are forced onto them. */
export const PROGRAMME_DIM = 'programme_code';
export const PROJECT_DIM = 'cup';

/** KPIs a funder may see (spend and programme outcomes); everything else is internal. */
export function isFunderKpi(code: string): boolean {
  return /^SP_/.test(code) || /^PL_(RATE|EECR|FUNNEL|QUAL|CONV|EVT)/.test(code);
}

/** Shape checks that need no registry: names and values from a safe alphabet. */
export function validateKpiRequest(code: string, request: KpiRequest): void {
  if (!KPI_CODE_RE.test(code)) throw badRequest(`Unknown KPI code.`);
  for (const d of request.dims ?? []) {
    if (typeof d !== 'string' || !NAME_RE.test(d)) throw badRequest(`Unknown dimension in dims.`);
  }
  for (const [k, values] of Object.entries(request.filters ?? {})) {
    if (!NAME_RE.test(k)) throw badRequest(`Unknown filter dimension.`);
    if (!Array.isArray(values) || values.length > 500) throw badRequest(`Filter ${k} must be a list of at most 500 values.`);
    for (const v of values) if (typeof v !== 'string' || !VALUE_RE.test(v)) throw badRequest(`Invalid value in filter ${k}.`);
  }
}

/**
 * Narrows a funder's request to its scope. A filter on programme or project
 * outside the scope is refused; without one, the scope is imposed.
 */
export function scopeRequest(user: Principal, request: KpiRequest): KpiRequest {
  const filters = { ...(request.filters ?? {}) };
  const { programmes, projects } = user.scope;
  if (!programmes.length && !projects.length) throw forbidden('Il tuo profilo non ha un ambito assegnato. / Your account has no scope.');
  const askedProgrammes = filters[PROGRAMME_DIM];
  const askedProjects = filters[PROJECT_DIM];
  if (askedProgrammes && askedProgrammes.some((p) => !programmes.includes(p))) throw forbidden();
  if (askedProjects && askedProjects.some((c) => !projects.includes(c))) {
    // A CUP is in scope when listed, or when its programme is (checked by the caller with projectProgrammes).
    throw forbidden();
  }
  if (!askedProgrammes && !askedProjects) {
    if (programmes.length && !projects.length) filters[PROGRAMME_DIM] = [...programmes];
    else if (projects.length && !programmes.length) filters[PROJECT_DIM] = [...projects];
    else {
      // Both kinds: the query layer cannot express OR across dimensions, so rows are filtered after the query.
    }
  }
  return { ...request, filters };
}

/** True when a result row belongs to the funder's scope; rows without scope columns are refused. */
export function rowInScope(user: Principal, row: Row, projectProgramme: Map<string, string>): boolean {
  const cup = row[PROJECT_DIM];
  const prog = row[PROGRAMME_DIM] ?? (typeof cup === 'string' ? projectProgramme.get(cup) : undefined);
  if (typeof cup === 'string' && user.scope.projects.includes(cup)) return true;
  if (typeof prog === 'string' && user.scope.programmes.includes(prog)) return true;
  return false;
}

/** Programme codes and CUPs must exist: probing unknown ids is a 400, not an empty answer. */
async function checkScopeValuesExist(db: Session, request: KpiRequest): Promise<void> {
  const programmes = request.filters?.[PROGRAMME_DIM];
  if (programmes?.length) {
    const n = await db.scalar<number>(`select count(*) from core.programmes where list_contains($1::VARCHAR[], programme_code)`, [JSON.stringify(programmes)]);
    if (n !== new Set(programmes).size) throw badRequest('Unknown programme code.');
  }
  const cups = request.filters?.[PROJECT_DIM];
  if (cups?.length) {
    const n = await db.scalar<number>(`select count(*) from core.projects where list_contains($1::VARCHAR[], cup)`, [JSON.stringify(cups)]);
    if (n !== new Set(cups).size) throw badRequest('Unknown CUP.');
  }
}

export interface AuthorizeOptions {
  policy: DisclosurePolicy;
  /** Count columns of the KPI result (additive counts of people/events) that pass disclosure control for funders. */
  countColumns?: string[];
  /** Audit successful non-public reads (downloads); denials are always audited. */
  auditAction?: string;
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
        if (!isFunderKpi(code)) throw forbidden();
        const asked = request.filters?.[PROJECT_DIM] ?? [];
        // A CUP of an in-scope programme is in scope too.
        const outside = asked.filter((c) => !who.scope.projects.includes(c));
        if (outside.length) {
          const rows = await db.rows<{ cup: string; programme_code: string }>(
            `select cup, programme_code from core.projects where list_contains($1::VARCHAR[], cup)`,
            [JSON.stringify(outside)],
          );
          const ok = outside.every((c) => rows.some((r) => r.cup === c && who.scope.programmes.includes(r.programme_code)));
          if (!ok) throw forbidden();
          const { [PROJECT_DIM]: _drop, ...rest } = request.filters ?? {};
          effective = scopeRequest(who, { ...request, filters: { ...rest, [PROGRAMME_DIM]: [...new Set(rows.map((r) => r.programme_code))] } });
          effective.filters![PROJECT_DIM] = asked;
        } else {
          effective = scopeRequest(who, request);
        }
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
      const kept = rows.filter((r) => rowInScope(who, r, projectProgramme));
      const safe = suppressSmallCounts(kept, options.countColumns ?? [], options.policy);
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

/** Cache key for any cached KPI result: the scope is part of it, so scopes never share entries. */
export function accessCacheKey(user: Principal, code: string, request: KpiRequest): string {
  const scope =
    user.role === 'funder' ? `funder:${[...user.scope.programmes.map((p) => `p:${p}`), ...user.scope.projects.map((c) => `c:${c}`)].sort().join(',')}` : user.role;
  return `${scope}|${code}|${stableJson(request)}`;
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
