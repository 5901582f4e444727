// `osservatorio init`: creates the data directory layout, applies the schema
// migrations and loads the reference classifications, then says what is there.
// Safe to re-run: migrations already applied are skipped and `ref` is replaced
// by the shipped files (same content, same counts).
import type { Command } from 'commander';
import { print, withDataOptions, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, RefusedError } from '../errors.ts';
import { Warehouse, WarehouseLockedError } from '../../warehouse/db.ts';
import { migrate, MigrationError, codeSchemaVersion } from '../../warehouse/migrate.ts';
import { ensureDataDirs, resolveDataPaths, type DataPaths } from '../../warehouse/paths.ts';
import { loadReferenceData, type ReferenceCounts } from '../../warehouse/reference/loadReferenceData.ts';

export interface InitResult {
  paths: DataPaths;
  applied: string[];
  schemaVersion: number;
  reference: ReferenceCounts;
}

/** Opens (creating) the warehouse for writing, mapping the known failures to CLI errors. */
export async function openWarehouseForSetup(
  opts: GlobalOptions,
): Promise<{ wh: Warehouse; paths: DataPaths; applied: string[] }> {
  const paths = resolveDataPaths({ dataDir: opts.dataDir, db: opts.db });
  ensureDataDirs(paths);
  let wh: Warehouse;
  try {
    wh = await Warehouse.open(paths.db);
  } catch (err) {
    if (err instanceof WarehouseLockedError) throw new CliError(err.message, EXIT.internal);
    throw err;
  }
  try {
    const applied = await migrate(wh);
    return {
      wh,
      paths,
      applied: applied.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`),
    };
  } catch (err) {
    wh.close();
    // A database from a newer version: refused, left unchanged.
    if (err instanceof MigrationError) throw new RefusedError(err.message);
    throw err;
  }
}

export async function runInit(opts: GlobalOptions): Promise<InitResult> {
  const { wh, paths, applied } = await openWarehouseForSetup(opts);
  try {
    const reference = await loadReferenceData(wh);
    return { paths, applied, schemaVersion: codeSchemaVersion(), reference };
  } finally {
    wh.close();
  }
}

export function register(program: Command): void {
  withDataOptions(
    program
      .command('init')
      .description(
        'create the data directory, apply schema migrations and load the reference classifications (safe to re-run)',
      ),
  ).action(async (opts: GlobalOptions) => {
    const r = await runInit(opts);
    print(`Data directory: ${r.paths.dataDir}`);
    print(`Database:       ${r.paths.db}`);
    print(
      r.applied.length
        ? `Migrations applied: ${r.applied.join(', ')} (schema version ${r.schemaVersion})`
        : `Schema already current (version ${r.schemaVersion}).`,
    );
    print('Reference data loaded:');
    const width = Math.max(...Object.keys(r.reference).map((k) => k.length));
    for (const [table, n] of Object.entries(r.reference))
      print(`  ${table.padEnd(width)}  ${n.toLocaleString('en-US')}`);
  });
}
