// Where the shipped reference files sit: beside the modules that read them.
// Its own module so that both the loader and the modules that build a
// shipped file (pastComuniCodes.ts) can name it without importing each other.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const REFERENCE_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * A shipped reference CSV (`comuni.csv`, `province.csv`, …) as rows keyed by
 * its header; `dir` for a code list shipped beside the module that reads it.
 */
export function readShippedCsv(file: string, dir = REFERENCE_DIR): Record<string, string>[] {
  return parse(readFileSync(join(dir, file)), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
}
