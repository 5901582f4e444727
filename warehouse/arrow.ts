// DuckDB result → Apache Arrow table. The node API hands us columns; we build
// typed Arrow vectors so the dashboard receives a compact IPC stream instead
// of JSON (strings are dictionary-encoded, numbers stay binary).
import {
  Bool,
  DateDay,
  Dictionary,
  Float64,
  Int32,
  RecordBatchStreamWriter,
  Table,
  TimestampMillisecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import {
  DuckDBTypeId,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import * as C from './duckdbConverters.ts';

export type ArrowTable = Table;

function columnVector(values: DuckDBValue[], type: DuckDBType): Vector {
  const id = type.typeId;
  const map = <T>(fn: (v: DuckDBValue) => T) => values.map((v) => (v == null ? null : fn(v)));
  switch (id) {
    case DuckDBTypeId.BOOLEAN:
      return vectorFromArray(map((v) => C.booleanFromValue(v)), new Bool());
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return vectorFromArray(map((v) => C.numberFromValue(v)), new Int32());
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UHUGEINT:
      return vectorFromArray(map((v) => Number(C.bigintFromBigIntValue(v, type))), new Float64());
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return vectorFromArray(map((v) => C.numberFromValue(v)), new Float64());
    case DuckDBTypeId.DECIMAL:
      return vectorFromArray(map((v) => C.doubleFromDecimalValue(v)), new Float64());
    case DuckDBTypeId.DATE:
      return vectorFromArray(map((v) => C.dateFromDateValue(v)), new DateDay());
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return vectorFromArray(map((v) => C.dateFromTimestampValue(v)), new TimestampMillisecond());
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
      return vectorFromArray(
        map((v) => String(v)),
        new Dictionary(new Utf8(), new Int32()) as DataType,
      );
    default:
      return vectorFromArray(map((v) => String(v)), new Utf8());
  }
}

/** Builds an Arrow table from a fully read DuckDB result. */
export function tableFromColumns(reader: DuckDBResultReader): Table {
  const names = reader.deduplicatedColumnNames();
  const columns = reader.getColumns();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, i) => {
    vectors[name] = columnVector(columns[i] ?? [], reader.columnType(i));
  });
  return new Table(vectors);
}

/**
 * The same table as tableFromColumns, from column values already read
 * (Session.arrowYielding), building one column at a time and awaiting
 * `pause` between columns so the event loop is not held for the whole table.
 */
export async function tableFromValuesYielding(names: string[], types: DuckDBType[], columns: DuckDBValue[][], pause: () => Promise<void>): Promise<Table> {
  const vectors: Record<string, Vector> = {};
  for (let i = 0; i < names.length; i++) {
    vectors[names[i]!] = columnVector(columns[i] ?? [], types[i]!);
    await pause();
  }
  return new Table(vectors);
}

/**
 * arrowStreamBytes for large tables: the same stream (schema, dictionaries
 * once, then the rows), written `rowsPerBatch` rows per record batch with
 * `pause` awaited between batches, so encoding does not hold the event loop.
 */
export async function arrowStreamBytesYielding(table: Table, pause: () => Promise<void>, rowsPerBatch = 8192): Promise<Uint8Array> {
  if (table.numRows <= rowsPerBatch) return arrowStreamBytes(table);
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, table.schema);
  for (let start = 0; start < table.numRows; start += rowsPerBatch) {
    for (const batch of table.slice(start, start + rowsPerBatch).batches) writer.write(batch);
    await pause();
  }
  writer.finish();
  return writer.toUint8Array(true);
}

/** Serialises a table as an Arrow IPC stream (`application/vnd.apache.arrow.stream`). */
export function arrowStreamBytes(table: Table): Uint8Array {
  return tableToIPC(table, 'stream');
}

export const ARROW_STREAM_MIME = 'application/vnd.apache.arrow.stream';
