// publishOpenData(wh, paths): the `open-data` job after each mart refresh.
// Builds the predefined public tables, protects them (warehouse/disclosure),
// and writes per dataset CSV (UTF-8, separator ','), Parquet, XLSX and JSON,
// a data dictionary and the DCAT-AP_IT catalogue — every file written to a
// temp name and renamed into <data-dir>/open-data/. These are the tables in
// preparation: protected against every release published so far (what a
// release hid stays hidden), and frozen into a numbered release by
// ./release.ts. The catalogue (./catalogFile.ts) describes what the stable
// URLs serve: the latest release, or these tables before the first one.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../db.ts';
import type { DataPaths } from '../paths.ts';
import { resolvePolicy, type DisclosurePolicy } from '../disclosure/index.ts';
import type { Publisher } from './catalog.ts';
import { writeCatalog } from './catalogFile.ts';
import { dictionaryRows, dictionaryCsv } from './dictionary.ts';
import { writeAtomic } from './files.ts';
import { earlierReleasesOf } from './history.ts';
import { DEFAULT_PROVISIONAL_MONTHS, withPeriodStatus } from './provisional.ts';
import { listReleases, readTablesIn, releaseDir } from './releaseFiles.ts';
import { writeCsv, writeJson, writeParquet, writeXlsx } from './formats.ts';
import { buildPublicTables, PUBLIC_TABLES } from './tables.ts';
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
  /** Months after a period's end during which it is provisional (./provisional.ts). */
  provisionalMonths?: number;
  env?: NodeJS.ProcessEnv;
}

export interface PublishResult {
  dir: string;
  /** The mart version the tables were computed from (null: marts never built). */
  martVersion: number | null;
  datasets: { id: string; rows: number; suppressed: number }[];
  files: string[];
}

export async function publishOpenData(wh: Warehouse, paths: Pick<DataPaths, 'openData'>, options: PublishOptions = {}): Promise<PublishResult> {
  const env = options.env ?? process.env;
  const policy = resolvePolicy(options.policy ?? {}, env);
  const dir = paths.openData;
  mkdirSync(dir, { recursive: true });
  const months = options.provisionalMonths ?? DEFAULT_PROVISIONAL_MONTHS;
  // What every release so far hid and published: this protection keeps it.
  const earlier = earlierReleasesOf(listReleases(dir).map((r) => readTablesIn(releaseDir(dir, r.release))));
  // One snapshot of the marts for every table: a refresh committing meanwhile
  // cannot leave two tables of a family (which share margins) on different versions.
  const snapshot = await wh.session();
  let tables: Awaited<ReturnType<typeof buildPublicTables>>;
  let refresh: Awaited<ReturnType<typeof latestRefresh>>;
  try {
    ({ tables, refresh } = await snapshot.transaction(async (s) => {
      const refresh = await latestRefresh(s);
      if (!refresh) throw new OpenDataError('OPEN_DATA_NO_MARTS', 'The public tables are computed from the KPI marts, which were never built: run `osservatorio marts refresh`, then the open-data job.');
      return { refresh, tables: (await buildPublicTables(s, policy, earlier)).map((t) => withPeriodStatus(t, refresh.asOf, months)) };
    }));
  } finally {
    snapshot.close();
  }
  const files: string[] = [];
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
    files.push(...DATASET_EXTENSIONS.map((ext) => `${def.id}.${ext}`));
  }
  const dict = dictionaryRows(tables);
  writeAtomic(join(dir, 'dictionary.csv'), dictionaryCsv(dict));
  writeAtomic(join(dir, 'dictionary.json'), JSON.stringify(dict, null, 2));
  files.push('dictionary.csv', 'dictionary.json');
  // The catalogue goes last: its checksums describe files already in place.
  writeCatalog(dir, { ...options, env });
  files.push('catalog.jsonld');
  return { dir, martVersion: refresh?.version ?? null, datasets: tables.map((t) => ({ id: t.id, rows: t.rows.length, suppressed: t.suppressed })), files };
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
