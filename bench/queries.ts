// Query-side measurements on a loaded, refreshed warehouse, in this process:
// KPI latency through the query layer vs the same SQL straight on DuckDB,
// Arrow vs JSON size and encode time for a 50,000-row result, and the event
// loop's delay while queries and conversions run concurrently.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { arrowStreamBytes, tableFromColumns } from '../warehouse/arrow.ts';
import { readerToRows, type Session, type Warehouse } from '../warehouse/db.ts';
import { buildKpiSql, normaliseRequest, queryKpi, queryKpiArrow } from '../warehouse/kpi/query.ts';
import { KPI_LIST } from '../warehouse/kpi/registry.ts';
import type { KpiRequest } from '../warehouse/kpi/types.ts';
import { sqlIdent } from '../warehouse/sql.ts';
import { latency, round, type Latency } from './stats.ts';

export interface KpiCase {
  code: string;
  request: KpiRequest;
}

/** Every KPI by its default cut, and by region where it may be cut so. */
export function kpiCases(): KpiCase[] {
  const cases: KpiCase[] = [];
  for (const def of KPI_LIST) {
    cases.push({ code: def.code, request: {} });
    if (def.dimensions.includes('region')) cases.push({ code: def.code, request: { dims: ['region'] } });
  }
  return cases;
}

export interface KpiLatency {
  requests: number;
  raw: Latency;
  queryLayer: Latency;
  perKpi: Record<string, { raw: number; queryLayer: number }>;
}

/** Interleaves raw and query-layer runs of the same case so machine noise hits both alike. */
export async function measureKpiLatency(db: Session, cases: KpiCase[], minRequests = 60): Promise<KpiLatency> {
  const raw: number[] = [];
  const ours: number[] = [];
  const perKpi: Record<string, { raw: number[]; ours: number[] }> = {};
  for (const c of cases) await queryKpi(db, c.code, c.request); // warm-up: plans, file cache
  const rounds = Math.max(1, Math.ceil(minRequests / cases.length));
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      const def = KPI_LIST.find((d) => d.code === c.code)!;
      const { sql, params } = buildKpiSql(def, normaliseRequest(def, c.request));
      let t0 = performance.now();
      const reader = await db.connection.runAndReadAll(sql, params);
      reader.getRowObjects();
      const tRaw = performance.now() - t0;
      t0 = performance.now();
      await queryKpi(db, c.code, c.request);
      const tOurs = performance.now() - t0;
      raw.push(tRaw);
      ours.push(tOurs);
      const k = (perKpi[c.code] ??= { raw: [], ours: [] });
      k.raw.push(tRaw);
      k.ours.push(tOurs);
    }
  }
  const med = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  return {
    requests: raw.length,
    raw: latency(raw),
    queryLayer: latency(ours),
    perKpi: Object.fromEntries(Object.entries(perKpi).map(([k, v]) => [k, { raw: med(v.raw), queryLayer: med(v.ours) }])),
  };
}

/** A 50,000-row result: the largest mart when it has that many rows, else a breakdown-shaped select on core.placements. */
export async function bigResultSql(db: Session, rows = 50_000): Promise<{ sql: string; source: string }> {
  const marts = await db.rows<{ name: string; n: number }>(
    `select table_name as name, estimated_size as n from duckdb_tables() where schema_name = 'mart' order by estimated_size desc limit 1`,
  );
  const top = marts[0];
  if (top && top.n >= rows) return { sql: `select * from mart.${sqlIdent(top.name)} limit ${rows}`, source: `mart.${top.name}` };
  return {
    sql: `select start_date, contract_type, working_time, occupation_code, sector_code, comune_code, channel, programme_code,
                 datediff('day', start_date, coalesce(end_date, planned_end_date)) as planned_days
          from core.placements order by placement_id limit ${rows}`,
    source: 'core.placements (breakdown columns)',
  };
}

export interface ArrowVsJson {
  source: string;
  rows: number;
  jsonBytes: number;
  arrowBytes: number;
  ratio: number;
  jsonEncodeMs: number;
  arrowEncodeMs: number;
  /** Longest single synchronous step (row conversion) that blocks the event loop. */
  longestSyncMs: number;
  /** Longest event-loop stall while the result is fetched as rows: rows() vs the chunked rowsYielding(). */
  stallMs: { rows: number; rowsYielding: number };
}

/** Longest gap between ticks of a 1 ms heartbeat while fn runs: how long the loop was blocked at once. */
export async function maxStall(fn: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const beat = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  try {
    await fn();
    worst = Math.max(worst, performance.now() - last);
  } finally {
    clearInterval(beat);
  }
  return round(worst);
}

export async function measureArrowVsJson(db: Session, rows = 50_000, runs = 5): Promise<ArrowVsJson> {
  const { sql, source } = await bigResultSql(db, rows);
  const jsonMs: number[] = [];
  const arrowMs: number[] = [];
  let jsonBytes = 0;
  let arrowBytes = 0;
  let n = 0;
  let longest = 0;
  for (let i = 0; i < runs; i++) {
    const reader = await db.connection.runAndReadAll(sql);
    let t0 = performance.now();
    const objects = readerToRows(reader);
    const convert = performance.now() - t0;
    const json = Buffer.from(JSON.stringify({ rows: objects }));
    jsonMs.push(performance.now() - t0);
    t0 = performance.now();
    const bytes = arrowStreamBytes(tableFromColumns(reader));
    arrowMs.push(performance.now() - t0);
    if (i > 0) longest = Math.max(longest, convert); // run 0 includes JIT warm-up
    jsonBytes = json.byteLength;
    arrowBytes = bytes.byteLength;
    n = objects.length;
  }
  const med = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  const stallMs = { rows: await maxStall(() => db.rows(sql)), rowsYielding: await maxStall(() => db.rowsYielding(sql)) };
  return { source, rows: n, jsonBytes, arrowBytes, ratio: round(arrowBytes / jsonBytes, 3), jsonEncodeMs: med(jsonMs), arrowEncodeMs: med(arrowMs), longestSyncMs: round(longest), stallMs };
}

export interface EventLoopUnderLoad {
  concurrency: number;
  queries: number;
  ms: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Event-loop delay (p99 of monitorEventLoopDelay) while `concurrency`
 * sessions run KPI queries (rows and Arrow) as the server would. DuckDB
 * executes on its own threads; what remains on the main thread is result
 * conversion, which this measures.
 */
export async function measureEventLoop(wh: Warehouse, cases: KpiCase[], concurrency = 4, perWorker = 30): Promise<EventLoopUnderLoad> {
  const sessions = await Promise.all(Array.from({ length: concurrency }, () => wh.session()));
  const h = monitorEventLoopDelay({ resolution: 5 });
  const t0 = performance.now();
  h.enable();
  let queries = 0;
  try {
    await Promise.all(
      sessions.map(async (s, w) => {
        for (let i = 0; i < perWorker; i++) {
          const c = cases[(w * perWorker + i) % cases.length]!;
          if (i % 2) await queryKpiArrow(s, c.code, c.request).then((t) => arrowStreamBytes(t));
          else await queryKpi(s, c.code, c.request).then((r) => JSON.stringify(r.rows));
          queries++;
        }
      }),
    );
  } finally {
    h.disable();
    for (const s of sessions) s.close();
  }
  const ms = (ns: number) => round(ns / 1e6);
  return { concurrency, queries, ms: round(performance.now() - t0, 0), p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

export interface RollupVsFull {
  fullMart: string;
  rollupMart: string;
  fullRows: number;
  rollupRows: number;
  requests: number;
  /** The same KPI SQL, raw on DuckDB, read from the rollup and from the full-grain mart. */
  rollup: Latency;
  full: Latency;
}

/**
 * PL_QUAL / PL_RET by their common cuts read from mart.placement_quality_area
 * (what the query layer picks) against the same SQL on the full-grain
 * mart.placement_quality: how much the rollup buys at this scale, and how the
 * full mart's time grows with placements.
 */
export async function measureRollup(db: Session, rounds = 5): Promise<RollupVsFull> {
  const requests: KpiCase[] = [];
  for (const code of ['PL_QUAL', 'PL_RET'])
    for (const request of [{}, { dims: ['region'] }, { dims: ['province', 'year'] }, { dims: ['contract_type', 'gender'] }] as KpiRequest[]) requests.push({ code, request });
  const rollup: number[] = [];
  const full: number[] = [];
  for (let r = 0; r <= rounds; r++)
    for (const c of requests) {
      const def = KPI_LIST.find((d) => d.code === c.code)!;
      const req = normaliseRequest(def, c.request);
      for (const [into, d] of [[rollup, def], [full, { ...def, rollups: undefined }]] as const) {
        const { sql, params } = buildKpiSql(d, req);
        const t0 = performance.now();
        (await db.connection.runAndReadAll(sql, params)).getRowObjects();
        if (r > 0) into.push(performance.now() - t0); // round 0 warms up
      }
    }
  const count = async (t: string) => Number(await db.scalar(`select count(*) from mart.${sqlIdent(t)}`));
  return {
    fullMart: 'mart.placement_quality',
    rollupMart: 'mart.placement_quality_area',
    fullRows: await count('placement_quality'),
    rollupRows: await count('placement_quality_area'),
    requests: requests.length,
    rollup: latency(rollup),
    full: latency(full),
  };
}
