// The labels of the dashboard now live in $lib/labels (one dictionary, one set
// of formats); this module keeps the short names older components import.
export * from './labels/index.ts';
export { formatValue as fmtNumber, formatDate as fmtDate } from './labels/index.ts';
