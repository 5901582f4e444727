// The answers the access layer hands back, as the caller declares them:
// rows it can narrow to a scope one by one, or Arrow it cannot look into.
import type { ArrowStreamPieces, ArrowTable } from '../arrow.ts';
import type { KpiResult } from '../kpi/types.ts';
import { PROGRAMME_DIM, PROJECT_DIM } from './scope.ts';

/** A result row as callers hold it: column name → value. */
export type ResultRow = Record<string, unknown>;

/** A result the access layer can narrow row by row: plain rows, or a KPI result (rows with their columns). */
export type RowsResult = ResultRow[] | KpiResult;

/** A result the access layer cannot read rows from: Arrow, as a table or as an IPC stream (bytes or pieces). */
export type ArrowResult = ArrowTable | Uint8Array | ArrowStreamPieces;

/** The rows of a result: the array itself, so narrowing them in place narrows the result. */
export function rowsOf(result: RowsResult): ResultRow[] {
  return Array.isArray(result) ? result : result.rows;
}

/** Count columns of a KPI result (isCount); plain rows declare none. */
export function countColumnsOf(result: RowsResult): string[] {
  return Array.isArray(result) ? [] : result.columns.filter((c) => c.isCount).map((c) => c.name);
}

/** Measure columns of a KPI result (registry columns); for plain rows, every key that is not a requested or scope dimension. */
export function measureColumnsOf(result: RowsResult, rows: ResultRow[], dims: string[]): string[] {
  if (!Array.isArray(result)) return result.columns.filter((c) => c.type === 'measure').map((c) => c.name);
  return [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !dims.includes(k) && k !== PROGRAMME_DIM && k !== PROJECT_DIM);
}

/** The mart version a KPI result was computed from; plain rows carry none. */
export function martVersionOf(result: RowsResult): number | undefined {
  return Array.isArray(result) ? undefined : result.martVersion;
}
