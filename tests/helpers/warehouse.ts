// Test helpers: a real DuckDB file in a fresh temp dir, migrated and with the
// reference data loaded, closed and removed after the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Warehouse, type Session } from '../../warehouse/db.ts';
import { migrate } from '../../warehouse/migrate.ts';
import { loadReferenceData } from '../../warehouse/reference/loadReferenceData.ts';
import { sqlIdent } from '../../warehouse/sql.ts';

export interface TempWarehouse {
  wh: Warehouse;
  dir: string;
  dbPath: string;
  cleanup(): void;
}

export function tempDir(prefix = 'osservatorio-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Opens a fresh warehouse file; `reference: false` skips loading ref data. */
export async function tempWarehouse(options: { reference?: boolean } = {}): Promise<TempWarehouse> {
  const dir = tempDir();
  const dbPath = join(dir, 'osservatorio.duckdb');
  const wh = await Warehouse.open(dbPath);
  await migrate(wh);
  if (options.reference !== false) await loadReferenceData(wh);
  return {
    wh,
    dir,
    dbPath,
    cleanup() {
      try {
        wh.close();
      } catch {
        // already closed by the test
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/**
 * A mart's content as `rows:checksum`, the checksum order-independent over
 * every column of every row but a row key: a mart kept row by row
 * (placement_quality) names its rows anew in each build, so the same rows
 * under other keys are the same mart.
 */
export async function martContent(db: Session, mart: string): Promise<string> {
  const r = await db.one<{ n: number; h: string }>(
    `select count(*) as n, coalesce(sum(hash(m)), 0)::VARCHAR as h from (select columns(c -> c <> 'row_key') from mart.${sqlIdent(mart)}) m`,
  );
  return `${r!.n}:${r!.h}`;
}
