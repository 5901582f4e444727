// The messages between the server and an analyst SQL sandbox process (over
// Node's IPC channel, JSON-serialized). One statement at a time per process.
import type { Row } from '../db.ts';

/** Server → sandbox, once, right after the process starts. */
export interface OpenMessage {
  type: 'open';
  /** The snapshot database file (opened read-only). */
  snapshotFile: string;
  /** DuckDB's own memory_limit inside the sandbox, in MB. */
  duckdbMemoryMb: number;
}

/** Server → sandbox: one analyst statement. */
export interface RunMessage {
  type: 'run';
  sql: string;
  rowCap: number;
  maxResultBytes: number;
}

export type ToSandbox = OpenMessage | RunMessage;

/** Sandbox → server. */
export type FromSandbox =
  | { type: 'ready' }
  | { type: 'open_failed'; message: string }
  | { type: 'result'; columns: string[]; rows: Row[]; truncated: boolean }
  /** The statement was refused or failed; message is "CODE: text for the analyst". */
  | { type: 'refused'; message: string };
