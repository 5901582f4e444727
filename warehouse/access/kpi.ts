// The authorization layer bound to helper D's KPI query layer: what pages, the
// data API, downloads and caches call. authorizedKpi returns D's KpiResult
// (rows narrowed to a funder's scope, counts protected); authorizedKpiArrow
// gives the same rows as Arrow for the data API.
import { Table, tableFromJSON } from 'apache-arrow';
import type { Session } from '../db.ts';
import { resolvePolicy, type DisclosurePolicy } from '../disclosure/index.ts';
import { queryKpi, queryKpiArrow } from '../kpi/query.ts';
import { isKpiCode, kpiOrThrow } from '../kpi/registry.ts';
import type { KpiRequest as DKpiRequest, KpiResult } from '../kpi/types.ts';
import { authorizedQuery, type KpiRequest, type Principal } from './authorize.ts';
import { AccessError } from './errors.ts';

export interface AuthorizedKpiOptions {
  policy?: DisclosurePolicy;
  /** Audit this read as e.g. 'download' (non-public exports). */
  auditAction?: string;
  /** The query function, e.g. a cached queryKpi (helper H); defaults to queryKpi. */
  query?: (db: Session, code: string, request: DKpiRequest) => Promise<KpiResult>;
}

function dimensionsOf(code: string): readonly string[] {
  if (!isKpiCode(code)) throw new AccessError(404, 'UNKNOWN_KPI', 'Unknown KPI code.');
  return kpiOrThrow(code).dimensions;
}

export async function authorizedKpi(
  db: Session,
  user: Principal | undefined,
  code: string,
  request: KpiRequest = {},
  options: AuthorizedKpiOptions = {},
): Promise<KpiResult> {
  const query = options.query ?? queryKpi;
  return authorizedQuery(db, user, code, request, (d, c, r) => query(d, c, r as DKpiRequest), {
    policy: options.policy ?? resolvePolicy(),
    kpiDimensions: dimensionsOf(code),
    auditAction: options.auditAction,
  });
}

/**
 * Arrow for the data API. Internal roles get D's typed Arrow straight from SQL;
 * funders get the narrowed, protected rows of authorizedKpi as Arrow.
 */
export async function authorizedKpiArrow(
  db: Session,
  user: Principal | undefined,
  code: string,
  request: KpiRequest = {},
  options: AuthorizedKpiOptions = {},
): Promise<Table> {
  if (user && (user.role === 'analyst' || user.role === 'director' || user.role === 'admin')) {
    return authorizedQuery(db, user, code, request, (d, c, r) => queryKpiArrow(d, c, r as DKpiRequest), {
      policy: options.policy ?? resolvePolicy(),
      kpiDimensions: dimensionsOf(code),
      auditAction: options.auditAction,
    });
  }
  const result = await authorizedKpi(db, user, code, request, options);
  return result.rows.length ? tableFromJSON(result.rows as Record<string, unknown>[]) : new Table();
}
