// The one seam through which the dashboard reads KPIs (pages and data API
// alike): the authorization layer (warehouse/access) over the KPI query
// layer. Who may see what (funder scope, disclosure control, audit) is
// decided there; the queries behind it go through the result cache
// (warehouse/kpi/cache.ts), keyed by mart version, normalised request and
// access scope.
import { arrowStreamBytes, type ArrowStreamPieces } from '../../warehouse/arrow.ts';
import { authorizedArrowQuery } from '../../warehouse/access/authorize.ts';
import { authorizedKpi, authorizedKpiArrow, kpiDimensionsOrThrow } from '../../warehouse/access/kpi.ts';
import { accessScope, ANONYMOUS_PRINCIPAL, rulesOf, type Principal } from '../../warehouse/access/roles.ts';
import { resolvePolicy } from '../../warehouse/disclosure/index.ts';
import { cachedKpiQueries } from '../../warehouse/kpi/cache.ts';
import type { KpiRequest, KpiResult } from '../../warehouse/kpi/types.ts';
import type { AppServices } from '../services.ts';

export type Viewer = Principal | undefined;

export function readKpi(
  services: AppServices,
  user: Viewer,
  code: string,
  request: KpiRequest = {},
  auditAction?: string,
): Promise<KpiResult> {
  // Results are cached per mart version and per access scope (warehouse/kpi/cache.ts):
  // a refresh invalidates them, and one funder never reads another's entry.
  return authorizedKpi(services.warehouse, user, code, request, {
    auditAction,
    query: cachedKpiQueries(accessScope(user)).rows,
  });
}

/**
 * A KPI as the Arrow IPC stream the data API sends. Unscoped roles:
 * authorizedArrowQuery (validation, existing programme/CUP values, denials
 * audited) over the cached Arrow bytes, so a repeated request costs neither a
 * query nor a re-encoding and concurrent identical requests share one query.
 * Scoped roles (funders): authorizedKpiArrow, their narrowed, protected rows
 * as Arrow, over the cached rows. Either way, the stream's pieces in order.
 */
export async function readKpiArrowStream(services: AppServices, user: Viewer, code: string, request: KpiRequest = {}): Promise<ArrowStreamPieces> {
  const cached = cachedKpiQueries(accessScope(user));
  if (rulesOf((user ?? ANONYMOUS_PRINCIPAL).role)?.scoped === false) {
    return authorizedArrowQuery(services.warehouse, user, code, request, cached.arrowIpc, {
      policy: resolvePolicy(),
      kpiDimensions: kpiDimensionsOrThrow(code),
    });
  }
  return [arrowStreamBytes(await authorizedKpiArrow(services.warehouse, user, code, request, { query: cached.rows }))];
}
