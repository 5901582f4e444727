// Shared plumbing for commands: global options, opening the warehouse with the
// schema current, printing. Commands stay small and declarative.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, EXIT } from './errors.ts';
import { Warehouse, WarehouseLockedError } from '../warehouse/db.ts';
import { readServerInfo, runningServerMessage } from '../server/serverInfo.ts';
import { migrate } from '../warehouse/migrate.ts';
import { ensureDataDirs, resolveDataPaths, type DataPaths } from '../warehouse/paths.ts';

export interface GlobalOptions {
  dataDir?: string;
  db?: string;
}

/** Adds --data-dir and --db to a command. */
export function withDataOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data directory (env OSSERVATORIO_DATA_DIR, default ./data)')
    .option('--db <path>', 'DuckDB file, overriding <data-dir>/osservatorio.duckdb (env OSSERVATORIO_DB)');
}

export function dataPaths(opts: GlobalOptions): DataPaths {
  return resolveDataPaths({ dataDir: opts.dataDir, db: opts.db });
}

/**
 * Opens the warehouse file; when the observatory server holds it, the error
 * names that server and says how to hand it the work (inbox, jobs run).
 */
export async function openWarehouse(paths: DataPaths, readOnly = false): Promise<Warehouse> {
  try {
    return await Warehouse.open(paths.db, { readOnly });
  } catch (err) {
    const info = err instanceof WarehouseLockedError ? readServerInfo(paths) : undefined;
    if (err instanceof WarehouseLockedError && info) {
      throw new WarehouseLockedError(err.path, err.holder, runningServerMessage(info, paths));
    }
    throw err;
  }
}

/** Opens the warehouse for writing, creating the data dir and applying migrations. */
export async function openForWrite(opts: GlobalOptions): Promise<{ wh: Warehouse; paths: DataPaths }> {
  const paths = dataPaths(opts);
  ensureDataDirs(paths);
  const wh = await openWarehouse(paths);
  await migrate(wh);
  return { wh, paths };
}

/** Opens the warehouse read-only (the file must exist). */
export async function openForRead(opts: GlobalOptions): Promise<{ wh: Warehouse; paths: DataPaths }> {
  const paths = dataPaths(opts);
  if (paths.db !== ':memory:' && !existsSync(paths.db)) {
    throw new CliError(
      `No warehouse at ${paths.db}: nothing was loaded into this data directory yet. ` +
        `Create it with 'osservatorio init' (or 'osservatorio demo'), load files with 'osservatorio ingest', ` +
        `or point --data-dir / --db (OSSERVATORIO_DATA_DIR / OSSERVATORIO_DB) at an existing one.`,
      EXIT.usage,
    );
  }
  const wh = await openWarehouse(paths, true);
  return { wh, paths };
}

/** Runs fn with the warehouse open and always closes it. */
export async function withWarehouse<T>(
  opts: GlobalOptions,
  mode: 'read' | 'write',
  fn: (wh: Warehouse, paths: DataPaths) => Promise<T>,
): Promise<T> {
  const { wh, paths } = mode === 'write' ? await openForWrite(opts) : await openForRead(opts);
  try {
    return await fn(wh, paths);
  } finally {
    wh.close();
  }
}

export function print(line = ''): void {
  process.stdout.write(line + '\n');
}
