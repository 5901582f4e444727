// `osservatorio export lake`: every core, ref and mart table written as Parquet,
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
import { MARTS, refreshMarts } from '../../warehouse/marts/refresh.ts';
import { sqlIdent, sqlString } from '../../warehouse/sql.ts';
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

  it('writes every core, ref and mart table with a manifest', () => {
    const names = manifest.tables.map((x) => `${x.schema}.${x.table}`);
    expect(names).toContain('core.placements');
    expect(names).toContain('core.vacancies');
    expect(names).toContain('mart.placement_rates');
    expect(names).toContain('ref.comuni');
    expect(names.filter((n) => !/^(core|ref|mart)\./.test(n))).toEqual(['ops.row_flags']);
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

  it('rebuilds every mart from the lake alone with the marts\' SQL unchanged', async () => {
    // The path past one machine keeps warehouse/marts/*.sql as they are: here the
    // engine reads only the lake's Parquet (core and ref as views), refreshMarts runs
    // the same files, and each mart must equal the one exported from the warehouse.
    const db = await Warehouse.open(':memory:');
    const lakeRelation = (table: LakeManifest['tables'][number]) =>
      `(select ${table.columns.filter((c) => !table.derived.includes(c.name)).map((c) => sqlIdent(c.name)).join(', ')}
        from read_parquet(${sqlString(join(out, table.path, '**', '*.parquet'))}, hive_partitioning = true, hive_types_autocast = false, union_by_name = true))`;
    try {
      for (const schema of ['core', 'ref', 'mart', 'ops']) await db.run(`create schema ${schema}`);
      await db.run(readFileSync(new URL('../../warehouse/migrations/020_mart_refreshes.sql', import.meta.url), 'utf8'));
      for (const table of manifest.tables.filter((x) => x.schema !== 'mart'))
        await db.run(`create view ${sqlIdent(table.schema)}.${sqlIdent(table.table)} as select * from ${lakeRelation(table)}`);
      const exported = manifest.tables.find((x) => x.schema === 'mart' && x.table === 'refresh_info')!;
      const asOf = String(await db.scalar(`select strftime(as_of, '%Y-%m-%d') from ${lakeRelation(exported)}`));
      const rebuilt = await refreshMarts(db, { asOf });
      expect(rebuilt.tables.map((x) => x.name)).toEqual(MARTS.map((m) => `mart.${m}`));
      for (const mart of MARTS) {
        const table = manifest.tables.find((x) => x.schema === 'mart' && x.table === mart)!;
        // Doubles compared to 9 significant digits: a parallel sum may differ in the last bits.
        // A row key (a mart kept row by row) only names its row: each build numbers the rows anew.
        const cols = table.columns.filter((c) => c.name !== 'row_key').map((c) =>
          /^(DOUBLE|FLOAT|REAL)$/.test(c.type)
            ? `round(${sqlIdent(c.name)}::DOUBLE, 9 - cast(ceil(log10(abs(nullif(${sqlIdent(c.name)}, 0)) + 1e-300)) as INTEGER)) as ${sqlIdent(c.name)}`
            : `${sqlIdent(c.name)}::${c.type} as ${sqlIdent(c.name)}`,
        );
        const lake = `select ${cols.join(', ')} from ${lakeRelation(table)}`;
        const again = `select ${cols.join(', ')} from mart.${sqlIdent(mart)}`;
        const onlyLake = await db.rows(`(${lake}) except all (${again})`);
        const onlyAgain = await db.rows(`(${again}) except all (${lake})`);
        expect({ mart, rows: Number(await db.scalar(`select count(*) from mart.${sqlIdent(mart)}`)), onlyLake: onlyLake.slice(0, 3), onlyAgain: onlyAgain.slice(0, 3) }).toEqual({
          mart,
          rows: table.rows,
          onlyLake: [],
          onlyAgain: [],
        });
      }
    } finally {
      db.close();
    }
  });

  it('refuses a non-empty folder without --force', async () => {
    await expect(run(process.execPath, [CLI, 'export', 'lake', '--db', t.dbPath, '--data-dir', join(t.dir, 'data'), '--out', out])).rejects.toMatchObject({ code: 1 });
  });
});
