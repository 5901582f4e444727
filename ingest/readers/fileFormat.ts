// Which reader a file needs, told by its first bytes (an XLSX is a zip, a
// Parquet file starts with PAR1) before its name, since exports are often
// misnamed; JSON Lines only by name, as its first bytes look like any text.
import { extname } from 'node:path';

export type FileFormat = 'csv' | 'xlsx' | 'jsonl' | 'parquet';

export function detectFormat(path: string, head: Buffer): FileFormat {
  if (head.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') return 'xlsx';
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.parquet') return 'parquet';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  return 'csv';
}
