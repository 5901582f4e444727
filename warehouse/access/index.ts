// The authorization layer: one seam between every consumer and the KPI query layer.
export { authorizedQuery, accessCacheKey, accessScope, validateKpiRequest, scopeRequest, filterValues, isFunderKpi, PROGRAMME_DIM, PROJECT_DIM } from './authorize.ts';
export { authorizedKpi, authorizedKpiArrow } from './kpi.ts';
export type { Principal, KpiRequest, KpiQuery, AuthorizeOptions } from './authorize.ts';
export { AccessError, authRequired, forbidden, badRequest } from './errors.ts';
export { recordAudit, listAudit } from './audit.ts';
export type { AuditEntry, AuditOutcome, AuditRow } from './audit.ts';
export { AnalystSql, writeAnalystSnapshot, analystSqlLimitsFromEnv } from './analystSql.ts';
