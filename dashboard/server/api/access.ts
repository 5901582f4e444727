// The one seam through which the dashboard reads KPIs (pages and data API
// alike): helper G's authorization layer over helper D's query layer. Who may
// see what (funder scope, disclosure control, audit) is decided there.
import type { Table } from 'apache-arrow';
import { authorizedKpi, authorizedKpiArrow } from '../../../warehouse/access/kpi.ts';
import type { Principal } from '../../../warehouse/access/authorize.ts';
import { cachedKpiQueries, scopeKey } from '../../../warehouse/cache.ts';
import type { KpiRequest, KpiResult } from '../../../warehouse/kpi/types.ts';
import type { AppServices } from '../services.ts';

export type Viewer = Principal | undefined;

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

export function readKpiArrow(services: AppServices, user: Viewer, code: string, request: KpiRequest = {}): Promise<Table> {
  return authorizedKpiArrow(services.warehouse, user, code, request as never);
}
