// The KPI engine's public surface: import from here.
export * from './types.ts';
export { KPIS, KPI_LIST, listKpis, isKpiCode, kpiOrThrow } from './registry.ts';
export { DIMENSIONS, dimensionValues, isDimensionName } from './dimensions.ts';
export { queryKpi, queryKpiArrow, normaliseRequest, buildKpiSql, DEFAULT_THRESHOLDS } from './query.ts';
export { refreshMarts, latestRefresh, MARTS } from '../marts/refresh.ts';
