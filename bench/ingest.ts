// Ingest throughput: our single load path (loadFile) against DuckDB's own
// COPY of the same CSV into a plain table of the same columns and types in a
// fresh database. loadFile's step timings (OSSERVATORIO_INGEST_TIMING) are
// captured so a miss says where the time goes.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoFiles } from '../demo/index.ts';
import { loadFile } from '../ingest/loadFile.ts';
import { Warehouse } from '../warehouse/db.ts';
import { migrate } from '../warehouse/migrate.ts';
import { loadReferenceData } from '../warehouse/reference/loadReferenceData.ts';
import { sqlIdent, sqlString } from '../warehouse/sql.ts';
import { round, timed } from './stats.ts';

/** Feeds placements refer to: loaded first (untimed) into the ingest warehouse. */
const PREREQUISITES = ['offices', 'programmes', 'projects', 'employers', 'events', 'vacancies'];
/** Demo load date: past every planned date the demo writes. */
export const BENCH_LOAD_DATE = '2030-12-31';

export interface IngestResult {
  rows: number;
  fileBytes: number;
  ours: { ms: number; rowsPerS: number; status: string; steps: Record<string, number> };
  copy: { ms: number; rowsPerS: number };
  copyWithPrimaryKey: { ms: number; rowsPerS: number };
  ratio: number;
}

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0]!;
  } finally {
    closeSync(fd);
  }
}

async function captureSteps<T>(fn: () => Promise<T>): Promise<{ value: T; steps: Record<string, number> }> {
  const steps: Record<string, number> = {};
  const write = process.stderr.write.bind(process.stderr);
  const before = process.env.OSSERVATORIO_INGEST_TIMING;
  process.env.OSSERVATORIO_INGEST_TIMING = '1';
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const m = /^ingest timing: (.+) (\d+) ms$/m.exec(String(chunk));
    if (m) {
      steps[m[1]!] = (steps[m[1]!] ?? 0) + Number(m[2]);
      return true;
    }
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  try {
    return { value: await fn(), steps };
  } finally {
    process.stderr.write = write;
    if (before === undefined) delete process.env.OSSERVATORIO_INGEST_TIMING;
    else process.env.OSSERVATORIO_INGEST_TIMING = before;
  }
}

export async function measureIngest(demo: DemoFiles, placementsCsv: string, rows: number, fileBytes: number, workDir: string): Promise<IngestResult> {
  const wh = await Warehouse.open(join(workDir, 'ingest.duckdb'));
  let columns: { column_name: string; data_type: string }[];
  let ours: IngestResult['ours'];
  try {
    await migrate(wh);
    await loadReferenceData(wh);
    for (const feed of PREREQUISITES) {
      const f = demo.files.find((x) => x.feed === feed)!;
      const r = await loadFile(wh, f.path, { feed, source: 'bench', today: BENCH_LOAD_DATE });
      if (r.status !== 'loaded') throw new Error(`bench: prerequisite ${feed} was ${r.status}: ${JSON.stringify(r.errors.slice(0, 3))}`);
    }
    const { value: t, steps } = await captureSteps(() => timed(() => loadFile(wh, placementsCsv, { feed: 'placements', source: 'bench', today: BENCH_LOAD_DATE })));
    if (t.value.status !== 'loaded') throw new Error(`bench: the ${rows}-row placements file was ${t.value.status}: ${JSON.stringify(t.value.errors.slice(0, 3))}`);
    ours = { ms: round(t.ms, 0), rowsPerS: Math.round(rows / (t.ms / 1000)), status: t.value.status, steps };
    const header = firstLine(placementsCsv).split(',');
    columns = await wh.rows<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns where table_schema = 'core' and table_name = 'placements' order by ordinal_position`,
    );
    columns = header.map((h) => columns.find((c) => c.column_name === h)!).filter(Boolean);
  } finally {
    wh.close();
  }

  const copyInto = async (name: string, primaryKey: boolean) => {
    const raw = await Warehouse.open(join(workDir, `${name}.duckdb`));
    try {
      const cols = columns.map((c) => `${sqlIdent(c.column_name)} ${c.data_type}${primaryKey && c.column_name === 'placement_id' ? ' primary key' : ''}`).join(', ');
      await raw.run(`create table core_copy (${cols})`);
      const t = await timed(() => raw.run(`copy core_copy from ${sqlString(placementsCsv)} (header true)`));
      const n = Number(await raw.scalar('select count(*) from core_copy'));
      if (n !== rows) throw new Error(`bench: COPY loaded ${n} rows, expected ${rows}`);
      return { ms: round(t.ms, 0), rowsPerS: Math.round(rows / (t.ms / 1000)) };
    } finally {
      raw.close();
    }
  };
  const copy = await copyInto('copy', false);
  const copyWithPrimaryKey = await copyInto('copy_pk', true);
  return { rows, fileBytes, ours, copy, copyWithPrimaryKey, ratio: round(ours.rowsPerS / copy.rowsPerS, 3) };
}
