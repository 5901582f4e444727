// The publication mappings shipped with the observatory (mappings/*.yaml),
// each one a connector that recognises its publication by the header. An
// agency adds a publication by adding a mapping file here, or loads one
// without shipping it with `osservatorio ingest --mapping FILE`.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connector } from '../connectors/types.ts';
import { mappingConnector } from './connector.ts';
import { readMapping, type PublicationMapping } from './mapping.ts';

export const MAPPINGS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'mappings');

let shipped: PublicationMapping[] | undefined;

/** The shipped mappings, read once. */
export function shippedMappings(): PublicationMapping[] {
  shipped ??= readdirSync(MAPPINGS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readMapping(join(MAPPINGS_DIR, f)));
  return shipped;
}

/** One connector per shipped mapping, in file-name order. */
export function officialConnectors(): Connector[] {
  return shippedMappings().map(mappingConnector);
}

/** The connector for a mapping file given on the command line. */
export function connectorFromMappingFile(file: string): Connector {
  return mappingConnector(readMapping(file));
}
