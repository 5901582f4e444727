// Writes catalog.jsonld: each dataset as the stable URLs serve it (the latest
// release, or the tables in preparation before the first release) with the
// checksums of those very files, and every release as a distribution with
// its date. Rewritten after each publication and each release.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOTAL, type OutputRow } from '../disclosure/index.ts';
import { buildCatalog, FORMATS, type DatasetInfo, type Publisher } from './catalog.ts';
import { fileChecksum, writeAtomic } from './files.ts';
import { periodBounds } from './periods.ts';
import { defaultSourceDir, listReleases } from './releaseFiles.ts';
import { NATIONAL_LABEL, PUBLIC_TABLES } from './tables.ts';

const EXTENSIONS = ['csv', 'parquet', 'xlsx', 'json'] as const;

export interface CatalogOptions {
  baseUrl?: string;
  publisher?: Publisher;
  frequency?: string;
  env?: NodeJS.ProcessEnv;
}

export function writeCatalog(openData: string, options: CatalogOptions = {}): void {
  const env = options.env ?? process.env;
  const source = defaultSourceDir(openData);
  const infos: DatasetInfo[] = [];
  for (const def of PUBLIC_TABLES) {
    const file = join(source, `${def.id}.json`);
    if (!existsSync(file)) continue;
    const rows = (JSON.parse(readFileSync(file, 'utf8')) as { rows: OutputRow[] }).rows;
    // Tables by year have no quarters: their coverage is whole years.
    const periods = [...new Set(rows.map((r) => String(r.period)))].sort();
    infos.push({
      def,
      rows: rows.length,
      suppressed: rows.reduce((s, r) => s + def.measures.filter((m) => r[m.name] === null).length, 0),
      provinces: [...new Set(rows.filter((r) => r.territory_level === 'province').map((r) => String(r.territory)))].sort(),
      national: rows.some((r) => r.territory === TOTAL && r.territory_label === NATIONAL_LABEL),
      temporal: periods.length ? { start: periodBounds(periods[0]).start, end: periodBounds(periods[periods.length - 1]).end } : null,
      distributions: EXTENSIONS.map((ext) => ({ ext, ...FORMATS[ext], ...fileChecksum(join(source, `${def.id}.${ext}`)) })),
    });
  }
  const catalog = buildCatalog({
    baseUrl: options.baseUrl ?? env.OSSERVATORIO_PUBLIC_URL ?? 'http://localhost:3000',
    publisher: options.publisher ?? {
      name: env.OSSERVATORIO_PUBLISHER_NAME ?? 'Osservatorio mercato del lavoro',
      identifier: env.OSSERVATORIO_PUBLISHER_ID ?? 'osservatorio',
    },
    modified: new Date().toISOString().slice(0, 10),
    datasets: infos,
    frequency: options.frequency ?? 'IRREG',
    releases: listReleases(openData).map((r) => ({ release: r.release, date: r.date, files: r.files })),
  });
  writeAtomic(join(openData, 'catalog.jsonld'), JSON.stringify(catalog, null, 2));
}
