// All state lives in one data directory; this module is the only place that
// knows its layout, so jobs, loaders and the server agree on where things are.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface DataPaths {
  dataDir: string;
  db: string;
  inbox: string;
  archive: string;
  quarantine: string;
  backups: string;
  openData: string;
  config: string;
  /** Read-only snapshots for `serve --read-only` readers (warehouse/snapshots/). */
  snapshots: string;
  /** Demo mode's generated session secret, kept so a restart keeps demo sessions (server/auth/demoSecretFile.ts). */
  demoSessionSecret: string;
}

export interface PathOptions {
  dataDir?: string;
  db?: string;
}

/**
 * Resolves the data directory: `--data-dir` > OSSERVATORIO_DATA_DIR > ./data;
 * `--db` / OSSERVATORIO_DB override the database file alone.
 */
export function resolveDataPaths(options: PathOptions = {}, env = process.env): DataPaths {
  const dataDir = resolve(options.dataDir ?? env.OSSERVATORIO_DATA_DIR ?? 'data');
  const db = resolve(options.db ?? env.OSSERVATORIO_DB ?? join(dataDir, 'osservatorio.duckdb'));
  return {
    dataDir,
    db,
    inbox: join(dataDir, 'inbox'),
    archive: join(dataDir, 'archive'),
    quarantine: join(dataDir, 'quarantine'),
    backups: join(dataDir, 'backups'),
    openData: join(dataDir, 'open-data'),
    config: join(dataDir, 'osservatorio.config.json'),
    snapshots: join(dataDir, 'snapshots'),
    demoSessionSecret: join(dataDir, 'session-secret.demo'),
  };
}

/** Creates the folders of the data directory (idempotent). */
export function ensureDataDirs(paths: DataPaths): void {
  for (const dir of [paths.dataDir, paths.inbox, paths.archive, paths.quarantine, paths.backups, paths.openData]) {
    mkdirSync(dir, { recursive: true });
  }
}
