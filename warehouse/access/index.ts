// The authorization layer: one seam between every consumer and the KPI query layer.
export { authorizedQuery, authorizedArrowQuery } from './authorize.ts';
export type { KpiQuery, AuthorizeOptions } from './authorize.ts';
export type { ArrowResult, ResultRow, RowsResult } from './results.ts';
export { ROLES, ROLE_RULES, ANONYMOUS_ROLE, ANONYMOUS_PRINCIPAL, rulesOf, rolesWhere, isInternal, atLeast, accessScope } from './roles.ts';
export type { Role, RoleRules, Scope, Principal } from './roles.ts';
export { validateKpiRequest, filterValues } from './request.ts';
export { scopeRequest, isFunderKpi, PROGRAMME_DIM, PROJECT_DIM } from './scope.ts';
export { authorizedKpi, authorizedKpiArrow, kpiDimensionsOrThrow } from './kpi.ts';
export { AccessError, authRequired, forbidden, badRequest } from './errors.ts';
export { recordAudit, listAudit } from './audit.ts';
export type { AuditEntry, AuditOutcome, AuditRow } from './audit.ts';
export { AnalystSql, writeAnalystSnapshot, analystSqlLimitsFromEnv } from './analystSql.ts';
