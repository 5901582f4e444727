// The one seam through which the dashboard reads KPIs (pages and data API
// alike): helper G's authorization layer over helper D's query layer. Who may
// see what (funder scope, disclosure control, audit) is decided there; the
// queries behind it go through the result cache (warehouse/cache.ts), keyed
// by mart version, normalised request and access scope.
import { arrowStreamBytes } from '../../warehouse/arrow.ts';
import { authorizedKpi, authorizedKpiArrow } from '../../warehouse/access/kpi.ts';
import { authorizedQuery, type Principal } from '../../warehouse/access/authorize.ts';
import { AccessError } from '../../warehouse/access/errors.ts';
import { cachedKpiQueries, scopeKey } from '../../warehouse/cache.ts';
import { resolvePolicy } from '../../warehouse/disclosure/index.ts';
import { isKpiCode, kpiOrThrow } from '../../warehouse/kpi/registry.ts';
import type { KpiRequest, KpiResult } from '../../warehouse/kpi/types.ts';
import type { AppServices } from '../services.ts';

export type Viewer = Principal | undefined;

/** Roles that read KPIs unscoped; their Arrow comes typed from SQL (as in G's authorizedKpiArrow). */
const INTERNAL_ROLES = new Set(['analyst', 'director', 'admin']);

export function readKpi(
  services: AppServices,
  user: Viewer,
  code: string,
  request: KpiRequest = {},
  auditAction?: string,
): Promise<KpiResult> {
  // Results are cached per mart version and per access scope (warehouse/cache.ts):
  // a refresh invalidates them, and one funder never reads another's entry.
  return authorizedKpi(services.warehouse, user, code, request as never, {
    auditAction,
    query: cachedKpiQueries(scopeKey(user)).rows,
  });
}

/**
 * A KPI as the Arrow IPC stream the data API sends. Internal roles: G's
 * authorizedQuery (validation, existing programme/CUP values, denials
 * audited) over the cached Arrow bytes, so a repeated request costs neither a
 * query nor a re-encoding and concurrent identical requests share one query.
 * Everyone else: G's authorizedKpiArrow (a funder's narrowed, protected
 * rows as Arrow) over the cached rows.
 */
export async function readKpiArrowStream(services: AppServices, user: Viewer, code: string, request: KpiRequest = {}): Promise<Uint8Array> {
  const cached = cachedKpiQueries(scopeKey(user));
  if (user && INTERNAL_ROLES.has(user.role)) {
    if (!isKpiCode(code)) throw new AccessError(404, 'UNKNOWN_KPI', 'Unknown KPI code.');
    return authorizedQuery(services.warehouse, user, code, request as never, (db, c, r) => cached.arrowIpc(db, c, r as KpiRequest), {
      policy: resolvePolicy(),
      kpiDimensions: kpiOrThrow(code).dimensions,
    });
  }
  return arrowStreamBytes(await authorizedKpiArrow(services.warehouse, user, code, request as never, { query: cached.rows }));
}
