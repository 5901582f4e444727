// The authorization layer bound to the KPI query layer: what pages, the data
// API, downloads and caches call. authorizedKpi returns the query layer's
// KpiResult (rows narrowed to a funder's scope, counts protected);
// authorizedKpiArrow gives the same rows as Arrow for the data API.
import { Table, tableFromJSON } from 'apache-arrow';
import type { Session } from '../db.ts';
import { resolvePolicy, type DisclosurePolicy } from '../disclosure/index.ts';
import { queryKpi, queryKpiArrow } from '../kpi/query.ts';
import { isKpiCode, kpiOrThrow } from '../kpi/registry.ts';
import type { KpiRequest, KpiResult } from '../kpi/types.ts';
import { authorizedArrowQuery, authorizedQuery, type KpiQuery } from './authorize.ts';
import { AccessError } from './errors.ts';
import { ANONYMOUS_PRINCIPAL, rulesOf, type Principal } from './roles.ts';

export interface AuthorizedKpiOptions {
  policy?: DisclosurePolicy;
  /** Audit this read as e.g. 'download' (non-public exports). */
  auditAction?: string;
  /** The query function, e.g. the result cache's rows (warehouse/kpi/cache.ts); defaults to queryKpi. */
  query?: KpiQuery<KpiResult>;
}

/** The KPI's allowed dimensions; an unknown code is a 404 before any authorization. */
export function kpiDimensionsOrThrow(code: string): readonly string[] {
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
  return authorizedQuery(db, user, code, request, options.query ?? queryKpi, {
    policy: options.policy ?? resolvePolicy(),
    kpiDimensions: kpiDimensionsOrThrow(code),
    auditAction: options.auditAction,
  });
}

/**
 * Arrow for the data API. Unscoped roles get the query layer's typed Arrow
 * straight from SQL; scoped roles (funders) get the narrowed, protected rows
 * of authorizedKpi as Arrow.
 */
export async function authorizedKpiArrow(
  db: Session,
  user: Principal | undefined,
  code: string,
  request: KpiRequest = {},
  options: AuthorizedKpiOptions = {},
): Promise<Table> {
  if (rulesOf((user ?? ANONYMOUS_PRINCIPAL).role)?.scoped === false) {
    return authorizedArrowQuery(db, user, code, request, queryKpiArrow, {
      policy: options.policy ?? resolvePolicy(),
      kpiDimensions: kpiDimensionsOrThrow(code),
      auditAction: options.auditAction,
    });
  }
  const result = await authorizedKpi(db, user, code, request, options);
  return result.rows.length ? tableFromJSON(result.rows as Record<string, unknown>[]) : new Table();
}
