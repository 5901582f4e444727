// publishOpenData(wh, paths): the `open-data` job after each mart refresh.
// Builds the predefined public tables, protects them (warehouse/disclosure),
// and writes per dataset CSV (UTF-8, separator ','), Parquet, XLSX and JSON,
// a data dictionary and the DCAT-AP_IT catalogue — every file written to a
// temp name and renamed into <data-dir>/open-data/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../db.ts';
import type { DataPaths } from '../paths.ts';
import { resolvePolicy, TOTAL, type DisclosurePolicy } from '../disclosure/index.ts';
import { buildCatalog, FORMATS, type DatasetInfo, type Publisher } from './catalog.ts';
import { dictionaryRows, dictionaryCsv } from './dictionary.ts';
import { fileChecksum, writeAtomic } from './files.ts';
import { writeCsv, writeJson, writeParquet, writeXlsx } from './formats.ts';
import { buildPublicTables, NATIONAL_LABEL, PUBLIC_TABLES } from './tables.ts';
import { latestRefresh } from '../marts/refresh.ts';

export const DATASET_EXTENSIONS = ['csv', 'parquet', 'xlsx', 'json'] as const;

export class OpenDataError extends Error {
  constructor(
    readonly code: 'OPEN_DATA_NO_MARTS',
    message: string,
  ) {
    super(message);
  }
}

export interface PublishOptions {
  policy?: Partial<DisclosurePolicy>;
  baseUrl?: string;
  publisher?: Publisher;
  /** EU frequency authority code (default IRREG: published after each refresh). */
  frequency?: string;
  env?: NodeJS.ProcessEnv;
}

export interface PublishResult {
  dir: string;
  /** The mart version the tables were computed from (null: marts never built). */
  martVersion: number | null;
  datasets: { id: string; rows: number; suppressed: number }[];
  files: string[];
}

/** First and last day of a period code: a quarter (YYYY-Qn) or a year (YYYY). */
export function periodBounds(p: string): { start: string; end: string } {
  const y = Number(p.slice(0, 4));
  const n = p.includes('-Q') ? Number(p.slice(6)) : null;
  const startMonth = n === null ? 1 : (n - 1) * 3 + 1;
  const endMonth = n === null ? 12 : startMonth + 2;
  const end = new Date(Date.UTC(y, endMonth, 0)).toISOString().slice(0, 10);
  return { start: `${y}-${String(startMonth).padStart(2, '0')}-01`, end };
}

export async function publishOpenData(wh: Warehouse, paths: Pick<DataPaths, 'openData'>, options: PublishOptions = {}): Promise<PublishResult> {
  const env = options.env ?? process.env;
  const policy = resolvePolicy(options.policy ?? {}, env);
  const dir = paths.openData;
  mkdirSync(dir, { recursive: true });
  // One snapshot of the marts for every table: a refresh committing meanwhile
  // cannot leave two tables of a family (which share margins) on different versions.
  const snapshot = await wh.session();
  let tables: Awaited<ReturnType<typeof buildPublicTables>>;
  let refresh: Awaited<ReturnType<typeof latestRefresh>>;
  try {
    ({ tables, refresh } = await snapshot.transaction(async (s) => {
      const refresh = await latestRefresh(s);
      if (!refresh) throw new OpenDataError('OPEN_DATA_NO_MARTS', 'The public tables are computed from the KPI marts, which were never built: run `osservatorio marts refresh`, then the open-data job.');
      return { refresh, tables: await buildPublicTables(s, policy) };
    }));
  } finally {
    snapshot.close();
  }
  const files: string[] = [];
  const infos: DatasetInfo[] = [];
  const note =
    'Celle con flag "c": valore soppresso per tutela della riservatezza statistica (conteggi sotto soglia e celle che permetterebbero di ricavarli). / ' +
    'Flag "c": value suppressed for statistical confidentiality.';
  for (const table of tables) {
    const def = PUBLIC_TABLES.find((t) => t.id === table.id)!;
    const csvPath = join(dir, `${def.id}.csv`);
    writeCsv(table, csvPath);
    await writeParquet(wh, table, csvPath, join(dir, `${def.id}.parquet`));
    await writeXlsx(table, join(dir, `${def.id}.xlsx`), { title: def.title.it, licence: 'Licenza CC BY 4.0', note });
    writeJson(table, join(dir, `${def.id}.json`), { martVersion: refresh?.version ?? null, asOf: refresh?.asOf ?? null });
    // Tables by year have no quarters: their coverage is whole years.
    const periods = [...new Set(table.rows.map((r) => String(r.period)))].sort();
    const provinces = [...new Set(table.rows.filter((r) => r.territory_level === 'province').map((r) => String(r.territory)))].sort();
    const national = table.rows.some((r) => r.territory === TOTAL && r.territory_label === NATIONAL_LABEL);
    infos.push({
      def,
      rows: table.rows.length,
      suppressed: table.suppressed,
      provinces,
      national,
      temporal: periods.length ? { start: periodBounds(periods[0]).start, end: periodBounds(periods[periods.length - 1]).end } : null,
      distributions: DATASET_EXTENSIONS.map((ext) => ({ ext, ...FORMATS[ext], ...fileChecksum(join(dir, `${def.id}.${ext}`)) })),
    });
    files.push(...DATASET_EXTENSIONS.map((ext) => `${def.id}.${ext}`));
  }
  const dict = dictionaryRows(tables);
  writeAtomic(join(dir, 'dictionary.csv'), dictionaryCsv(dict));
  writeAtomic(join(dir, 'dictionary.json'), JSON.stringify(dict, null, 2));
  files.push('dictionary.csv', 'dictionary.json');
  const catalog = buildCatalog({
    baseUrl: options.baseUrl ?? env.OSSERVATORIO_PUBLIC_URL ?? 'http://localhost:3000',
    publisher: options.publisher ?? {
      name: env.OSSERVATORIO_PUBLISHER_NAME ?? 'Osservatorio mercato del lavoro',
      identifier: env.OSSERVATORIO_PUBLISHER_ID ?? 'osservatorio',
    },
    modified: new Date().toISOString().slice(0, 10),
    datasets: infos,
    frequency: options.frequency ?? 'IRREG',
  });
  // The catalogue goes last: its checksums describe files already in place.
  writeAtomic(join(dir, 'catalog.jsonld'), JSON.stringify(catalog, null, 2));
  files.push('catalog.jsonld');
  return { dir, martVersion: refresh?.version ?? null, datasets: infos.map((i) => ({ id: i.def.id, rows: i.rows, suppressed: i.suppressed })), files };
}


/**
 * The mart version the published open data was computed from: the oldest
 * among the published tables, or null when any table or the catalogue is
 * missing (never published, or a publication that did not finish). Compared
 * with the marts' own version to tell whether a release lags behind them.
 */
export function publishedMartVersion(paths: Pick<DataPaths, 'openData'>): number | null {
  if (!existsSync(join(paths.openData, 'catalog.jsonld'))) return null;
  let oldest: number | null = null;
  for (const def of PUBLIC_TABLES) {
    const file = join(paths.openData, `${def.id}.json`);
    if (!existsSync(file)) return null;
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { martVersion?: unknown }).martVersion;
    if (typeof version !== 'number') return null;
    oldest = oldest === null ? version : Math.min(oldest, version);
  }
  return oldest;
}
