// The API's query-string parsing lives with the dashboard (src/lib/kpiQuery.ts)
// so the explore page and the API parse identically; re-exported here.
export { ApiParamError, parseKpiQuery, toKpiQuery } from '../../dashboard/src/lib/kpiQuery.ts';
