// An Arrow table built a slice of rows at a time, for answers large enough
// to matter to the server's event loop (a KPI cut by comune × month × contract
// type is 300,000 rows once a deployment covers every comune).
//
// Building whole columns with vectorFromArray held the loop 80–130 ms per
// column of 300,000 rows on the reference box, between two yields. Here each
// slice becomes one record batch: numbers go straight into typed arrays,
// strings into indices of one dictionary per column that every batch shares
// (so the IPC stream writes each dictionary once, as the whole-column build
// did), and only the rarer types go through vectorFromArray, a slice at a time.
import {
  Dictionary,
  Float64,
  Int32,
  RecordBatch,
  Table,
  Utf8,
  makeData,
  vectorFromArray,
  type Data,
  type Vector,
} from 'apache-arrow';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { arrowColumnType, type ArrowColumnType } from './arrow.ts';

/** One column's conversion and, for strings, its dictionary so far. */
interface ColumnBuild extends ArrowColumnType {
  name: string;
  /** For dictionary-encoded strings: each word's index, in first-seen order. */
  indexOf?: Map<string, number>;
}

/** A slice's values converted, waiting for the dictionaries to be complete. */
type PendingData = Data | { indices: Int32Array; nullBitmap: Uint8Array | undefined; nullCount: number };

/** Valid-bits for a slice (LSB first, 1 = present), or none when nothing is null. */
function validity(values: readonly DuckDBValue[]): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  for (const v of values) if (v == null) nullCount++;
  if (nullCount === 0) return { nullBitmap: undefined, nullCount };
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => {
    if (v != null) nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

export class ArrowBatchBuilder {
  private readonly columns: ColumnBuild[];
  private readonly slices: { length: number; data: PendingData[] }[] = [];

  constructor(names: readonly string[], types: readonly DuckDBType[]) {
    this.columns = names.map((name, i) => {
      const column = arrowColumnType(types[i]!);
      return { name, ...column, ...(column.type instanceof Dictionary ? { indexOf: new Map<string, number>() } : {}) };
    });
  }

  /** Converts one slice of rows, given column by column (as a DuckDB chunk reads). */
  add(values: readonly (readonly DuckDBValue[])[]): void {
    const length = values[0]?.length ?? 0;
    this.slices.push({ length, data: this.columns.map((column, c) => this.convert(column, values[c] ?? [])) });
  }

  /** The table: one record batch per slice added, sharing each column's dictionary. */
  table(): Table {
    if (this.slices.length === 0) this.add(this.columns.map(() => []));
    const dictionaries = this.columns.map((column) =>
      column.indexOf ? vectorFromArray([...column.indexOf.keys()], new Utf8()) : undefined,
    );
    const batches = this.slices.map(
      (slice) =>
        new RecordBatch(
          Object.fromEntries(
            this.columns.map((column, c) => [column.name, this.finish(column, slice.data[c]!, slice.length, dictionaries[c])]),
          ),
        ),
    );
    return new Table(batches);
  }

  private convert(column: ColumnBuild, values: readonly DuckDBValue[]): PendingData {
    const { nullBitmap, nullCount } = validity(values);
    if (column.indexOf) {
      const indexOf = column.indexOf;
      const indices = new Int32Array(values.length);
      values.forEach((v, i) => {
        if (v == null) return;
        const word = column.value(v) as string;
        let index = indexOf.get(word);
        if (index === undefined) indexOf.set(word, (index = indexOf.size));
        indices[i] = index;
      });
      return { indices, nullBitmap, nullCount };
    }
    const numbers = (data: Float64Array | Int32Array) =>
      values.forEach((v, i) => {
        if (v != null) data[i] = column.value(v) as number;
      });
    if (column.type instanceof Float64) {
      const data = new Float64Array(values.length);
      numbers(data);
      return makeData({ type: column.type, length: values.length, nullCount, nullBitmap, data });
    }
    if (column.type instanceof Int32) {
      const data = new Int32Array(values.length);
      numbers(data);
      return makeData({ type: column.type, length: values.length, nullCount, nullBitmap, data });
    }
    const vector: Vector = vectorFromArray(
      values.map((v) => (v == null ? null : column.value(v))),
      column.type,
    );
    // vectorFromArray builds an array in one piece (its count strategy never splits).
    if (vector.data.length !== 1) throw new Error(`Arrow column '${column.name}': expected one piece per slice, got ${vector.data.length}.`);
    return vector.data[0]!;
  }

  private finish(column: ColumnBuild, pending: PendingData, length: number, dictionary: Vector | undefined): Data {
    if (!('indices' in pending)) return pending;
    return makeData({
      type: column.type as Dictionary<Utf8, Int32>,
      length,
      nullCount: pending.nullCount,
      nullBitmap: pending.nullBitmap,
      data: pending.indices,
      dictionary: dictionary as Vector<Utf8>,
    });
  }
}
