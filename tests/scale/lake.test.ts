// `osservatorio export lake`: every core and mart table written as Parquet,
// hive-partitioned by year and region where the table has (or derives) them,
// read back with read_parquet(..., hive_partitioning = true) and matched by
// row count and an order-independent checksum of the table's own columns.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksumSql, type LakeManifest } from '../../cli/commands/export.ts';
import { generateDemo, loadDemo } from '../../demo/index.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { sqlString } from '../../warehouse/sql.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const run = promisify(execFile);
const CLI = new URL('../../cli/osservatorio.js', import.meta.url).pathname;

describe('export lake', () => {
  let t: TempWarehouse;
  let out: string;
  let manifest: LakeManifest;

  beforeAll(async () => {
    t = await tempWarehouse();
    const demo = await generateDemo({ dir: join(t.dir, 'demo'), scale: 0.02 });
    await loadDemo(t.wh, demo);
    await refreshMarts(t.wh);
    t.wh.close(); // the CLI opens the file itself (one DuckDB process at a time)
    out = join(t.dir, 'lake');
    await run(process.execPath, [CLI, 'export', 'lake', '--db', t.dbPath, '--data-dir', join(t.dir, 'data'), '--out', out]);
    manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as LakeManifest;
  }, 180_000);
  afterAll(() => t?.cleanup());

  it('writes every core and mart table with a manifest', () => {
    const names = manifest.tables.map((x) => `${x.schema}.${x.table}`);
    expect(names).toContain('core.placements');
    expect(names).toContain('core.vacancies');
    expect(names).toContain('mart.placement_rates');
    expect(names.every((n) => n.startsWith('core.') || n.startsWith('mart.'))).toBe(true);
    expect(manifest.martVersion).toBe(1);
    expect(manifest.tables.find((x) => x.table === 'placements')!.rows).toBeGreaterThan(0);
  });

  it('partitions by year and region as hive folders', () => {
    const placements = manifest.tables.find((x) => x.schema === 'core' && x.table === 'placements')!;
    expect(placements.partitionBy).toEqual(['year', 'region']);
    expect(placements.derived).toEqual(['year', 'region']);
    const years = readdirSync(join(out, placements.path));
    expect(years.length).toBeGreaterThan(0);
    expect(years.every((y) => /^year=(\d{4}|__HIVE_DEFAULT_PARTITION__)$/.test(y))).toBe(true);
    expect(readdirSync(join(out, placements.path, years[0]!)).every((r) => /^region=/.test(r))).toBe(true);
    const rates = manifest.tables.find((x) => x.schema === 'mart' && x.table === 'placement_rates')!;
    expect(rates.partitionBy).toEqual(['year', 'region']);
    expect(rates.derived).toEqual([]);
    const unpartitioned = manifest.tables.find((x) => x.partitionBy.length === 0);
    expect(unpartitioned && existsSync(join(out, unpartitioned.path, 'data_0.parquet'))).toBe(true);
  });

  it('reads back unchanged: row counts, checksums and partition values as text', async () => {
    const db = await Warehouse.open(':memory:');
    try {
      for (const table of manifest.tables) {
        const glob = sqlString(join(out, table.path, '**', '*.parquet'));
        const relation = `read_parquet(${glob}, hive_partitioning = true, hive_types_autocast = false, union_by_name = true)`;
        const got = await db.one<{ n: number; checksum: string }>(checksumSql(relation, table.columns.map((c) => c.name)));
        expect({ table: table.table, n: got?.n, checksum: got?.checksum }).toEqual({ table: table.table, n: table.rows, checksum: table.checksum });
      }
      const regions = await db.rows<{ region: string; t: string }>(
        `select distinct region, typeof(region) as t from read_parquet(${sqlString(join(out, 'core', 'placements', '**', '*.parquet'))}, hive_partitioning = true, hive_types_autocast = false) where region is not null`,
      );
      expect(regions.length).toBeGreaterThan(0);
      expect(regions.every((r) => r.t === 'VARCHAR' && /^\d{2}$/.test(r.region))).toBe(true);
    } finally {
      db.close();
    }
  });

  it('refuses a non-empty folder without --force', async () => {
    await expect(run(process.execPath, [CLI, 'export', 'lake', '--db', t.dbPath, '--data-dir', join(t.dir, 'data'), '--out', out])).rejects.toMatchObject({ code: 1 });
  });
});
