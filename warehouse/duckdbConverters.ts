// Re-exports the node API's per-type value converters under one namespace.
export {
  bigintFromBigIntValue,
  booleanFromValue,
  dateFromDateValue,
  dateFromTimestampTZValue,
  dateFromTimestampValue,
  doubleFromDecimalValue,
  numberFromValue,
} from '@duckdb/node-api';
