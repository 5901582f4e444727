// `osservatorio export lake --out DIR [--data-dir|--db] [--force]`: the scale
// path past one machine. Writes every `core`, `ref` and `mart` table (and
// ops.row_flags, which a mart reads) as Parquet that
// Spark, Trino or DuckDB read unchanged:
//   DIR/<schema>/<table>/year=YYYY/region=RR/data_0.parquet   (hive partitions)
//   DIR/<schema>/<table>/data_0.parquet                       (no year/region)
//   DIR/manifest.json   (tables, columns and types, partition keys, rows, checksum)
// Marts carry `year` and `region` already; a core table gets them derived from
// its first DATE column and from comune_code → ref.comuni.cod_regione, so the
// raw flows prune by the same keys. Partition columns are also written inside
// the files (WRITE_PARTITION_COLUMNS), so their types survive (region '08'
// stays VARCHAR in the files). Readers must still be told not to infer
// partition types from the path (DuckDB hive_types_autocast = false, Spark
// partitionColumnTypeInference off, Trino: declare them VARCHAR): see manifest.readWith.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { UsageError } from '../errors.ts';
import type { Session } from '../../warehouse/db.ts';
import { sqlIdent, sqlString } from '../../warehouse/sql.ts';

// ref and the load's row flags travel with the data: the marts' SQL reads them,
// so the lake alone rebuilds every mart (tests/scale/lake.test.ts).
export const LAKE_SCHEMAS = ['core', 'ref', 'mart', 'ops'] as const;
const LAKE_OPS_TABLES = ['row_flags'];
export const PARTITION_KEYS = ['year', 'region'] as const;

export interface LakeColumn {
  name: string;
  type: string;
}

export interface LakeTable {
  schema: string;
  table: string;
  /** Folder relative to the lake root. */
  path: string;
  partitionBy: string[];
  /** Partition columns derived for the export (not columns of the warehouse table). */
  derived: string[];
  /** Columns and their types in the lake (HUGEINT sums become DECIMAL(38,0)). */
  columns: LakeColumn[];
  rows: number;
  /** bit_xor of hash(struct of the table's own columns): order-independent, compare with tableChecksum(). */
  checksum: string;
}

export interface LakeManifest {
  format: 'osservatorio-lake';
  formatVersion: 1;
  exportedAt: string;
  martVersion: number | null;
  readWith: string;
  tables: LakeTable[];
}

/** Order-independent checksum of a relation over the named columns (DuckDB hash). */
export function checksumSql(relation: string, columns: string[]): string {
  const struct = `struct_pack(${columns.map((c) => `${sqlIdent(c)} := ${sqlIdent(c)}`).join(', ')})`;
  return `select count(*)::BIGINT as n, coalesce(bit_xor(hash(${struct})), 0)::VARCHAR as checksum from ${relation}`;
}

async function tablesOf(db: Session): Promise<{ schema: string; table: string }[]> {
  return db.rows<{ schema: string; table: string }>(
    `select schema_name as schema, table_name as table from duckdb_tables()
     where database_name = current_database() and not temporary
       and (schema_name in ('core', 'ref', 'mart') or (schema_name = 'ops' and table_name in (${LAKE_OPS_TABLES.map(sqlString).join(', ')})))
     union all
     -- The views of ref (every old comune code → today's comune) are what the
     -- marts' SQL reads: written as data, so the lake alone rebuilds the marts.
     select schema_name, view_name from duckdb_views()
     where database_name = current_database() and not temporary and not internal and schema_name = 'ref'
     order by 1, 2`,
  );
}

async function exportTable(db: Session, out: string, schema: string, table: string): Promise<LakeTable> {
  const columns = await db.rows<LakeColumn>(
    `select column_name as name, data_type as type from information_schema.columns
     where table_schema = $1 and table_name = $2 order by ordinal_position`,
    [schema, table],
  );
  const names = columns.map((c) => c.name);
  // Parquet has no 128-bit integers (DuckDB would write DOUBLE): sums stay exact as DECIMAL(38,0).
  const lakeColumns = columns.map((c) => ({ name: c.name, type: /^U?HUGEINT$/.test(c.type) ? 'DECIMAL(38,0)' : c.type }));
  const own = lakeColumns.map((c, i) => (c.type === columns[i]!.type ? `t.${sqlIdent(c.name)}` : `t.${sqlIdent(c.name)}::${c.type} as ${sqlIdent(c.name)}`));
  const select: string[] = [...own];
  const joins: string[] = [];
  const derived: string[] = [];
  if (!names.includes('year')) {
    const date = columns.find((c) => c.type === 'DATE');
    if (date) {
      select.push(`strftime(t.${sqlIdent(date.name)}, '%Y') as year`);
      derived.push('year');
    }
  }
  if (!names.includes('region') && names.includes('comune_code')) {
    select.push('c.cod_regione as region');
    joins.push('left join ref.comuni c on c.comune_code = t.comune_code');
    derived.push('region');
  }
  const partitionBy = PARTITION_KEYS.filter((k) => names.includes(k) || derived.includes(k));
  const rel = `${sqlIdent(schema)}.${sqlIdent(table)}`;
  const query = `select ${select.join(', ')} from ${rel} t ${joins.join(' ')}`;
  const path = join(schema, table);
  const dir = join(out, path);
  mkdirSync(dir, { recursive: true });
  // An empty table still gets a file: readers find its columns (a partitioned write of no rows writes nothing).
  const empty = !(await db.scalar<number>(`select count(*) from ${rel}`));
  if (partitionBy.length && !empty) {
    await db.run(`copy (${query}) to ${sqlString(dir)} (format parquet, partition_by (${partitionBy.map(sqlIdent).join(', ')}), write_partition_columns true, overwrite_or_ignore true)`);
  } else {
    await db.run(`copy (${query}) to ${sqlString(join(dir, 'data_0.parquet'))} (format parquet)`);
  }
  const sum = await db.one<{ n: number; checksum: string }>(checksumSql(`(select ${own.join(', ')} from ${rel} t)`, names));
  return { schema, table, path, partitionBy, derived, columns: lakeColumns, rows: sum?.n ?? 0, checksum: sum?.checksum ?? '0' };
}

/** Writes the lake; `out` must be empty or absent unless `force` (then its lake folders are replaced). */
export async function exportLake(db: Session, outDir: string, options: { force?: boolean } = {}): Promise<LakeManifest> {
  const out = resolve(outDir);
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!options.force) throw new UsageError(`${out} is not empty; choose an empty folder or pass --force to replace its core/, ref/, mart/, ops/ and manifest.json`);
    for (const s of [...LAKE_SCHEMAS, 'manifest.json']) rmSync(join(out, s), { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  const hasRefresh = await db.scalar<number>(`select count(*) from duckdb_tables() where schema_name = 'mart' and table_name = 'refresh_info'`);
  const martVersion = hasRefresh ? ((await db.scalar<number>('select max(version) from mart.refresh_info')) ?? null) : null;
  const tables: LakeTable[] = [];
  for (const t of await tablesOf(db)) tables.push(await exportTable(db, out, t.schema, t.table));
  const manifest: LakeManifest = {
    format: 'osservatorio-lake',
    formatVersion: 1,
    exportedAt: new Date().toISOString(),
    martVersion,
    readWith:
      "Partition keys year and region are text (region '08'): DuckDB read_parquet('<dir>/<schema>/<table>/**/*.parquet', hive_partitioning = true, hive_types_autocast = false); Spark spark.read.parquet('<dir>/<schema>/<table>') with spark.sql.sources.partitionColumnTypeInference.enabled=false; Trino (hive connector) external_location '<dir>/<schema>/<table>', partitioned_by ARRAY['year','region'] declared VARCHAR",
    tables,
  };
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

interface ExportLakeOptions extends GlobalOptions {
  out: string;
  force?: boolean;
}

export function register(program: Command): void {
  const exp = program.command('export').description('Export the warehouse for other engines');
  withDataOptions(
    exp
      .command('lake')
      .description('Write core, ref and mart tables as hive-partitioned Parquet (by year and region) plus manifest.json, readable by Spark, Trino and DuckDB')
      .requiredOption('--out <dir>', 'target folder (empty or new)')
      .option('--force', 'replace core/, ref/, mart/, ops/ and manifest.json in a non-empty folder'),
  ).action(async (opts: ExportLakeOptions) => {
    const manifest = await withWarehouse(opts, 'read', (wh) => exportLake(wh, opts.out, { force: opts.force }));
    for (const t of manifest.tables)
      print(`${t.schema}.${t.table}: ${t.rows.toLocaleString('en-US')} rows${t.partitionBy.length ? ` (by ${t.partitionBy.join(', ')})` : ''}`);
    print(`Lake written to ${resolve(opts.out)} (manifest.json, mart version ${manifest.martVersion ?? 'none'}).`);
  });
}
