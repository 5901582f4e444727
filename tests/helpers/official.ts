// Loading a public file into a test warehouse the way `osservatorio ingest
// FILE [--mapping MAPPING]` does: recognised by its header, or read through
// the mapping given.
import { ingestFile } from '../../ingest/ingestFile.ts';
import { connectorFromMappingFile } from '../../ingest/official/index.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import type { TempWarehouse } from './warehouse.ts';

export function ingestPublication(t: TempWarehouse, file: string, mapping?: string) {
  return ingestFile(t.wh, resolveDataPaths({ dataDir: t.dir }), file, {
    source: 'osservatorio',
    keepOriginal: true,
    ...(mapping ? { connector: connectorFromMappingFile(mapping) } : {}),
  });
}
