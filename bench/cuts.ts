// Every cut a reader can ask for, not only the common ones: each KPI by
// its default cut and by each dimension it offers (the explorer's choice of
// one breakdown; the pages' cuts are among them), through the query layer
// against the same SQL raw on DuckDB, in this process. Which mart answers
// each cut is recorded, so a slow cut says whether a rollup or the full
// grain served it.
import { performance } from 'node:perf_hooks';
import type { Session } from '../warehouse/db.ts';
import { buildKpiSql, martFor, normaliseRequest, queryKpi } from '../warehouse/kpi/query.ts';
import { KPI_LIST } from '../warehouse/kpi/registry.ts';
import type { KpiRequest } from '../warehouse/kpi/types.ts';
import { check, type Check } from './report.ts';
import { latency, type Latency } from './stats.ts';

export interface CutLatency {
  code: string;
  /** The breakdown asked for; empty for the KPI's default cut. */
  dims: string[];
  /** The mart the query layer read. */
  mart: string;
  raw: Latency;
  queryLayer: Latency;
}

export interface EveryCut {
  cuts: number;
  rounds: number;
  perCut: CutLatency[];
}

/** Within the issue's limits: p95 under 100 ms and at most 1.5 × raw + 10 ms. */
export function cutWithinLimits(c: CutLatency): boolean {
  return c.queryLayer.p95 < 100 && c.queryLayer.p95 <= 1.5 * c.raw.p95 + 10;
}

/** Each KPI by default and by each of its dimensions. */
export function everyCut(): { code: string; request: KpiRequest }[] {
  return KPI_LIST.flatMap((def) => [
    { code: def.code, request: {} },
    ...def.dimensions.map((d) => ({ code: def.code, request: { dims: [d] } })),
  ]);
}

/**
 * Times every cut `rounds` times each way, raw and through the query layer
 * interleaved so the box's noise hits both alike, after one warm-up of each.
 */
export async function measureEveryCut(db: Session, rounds = 5): Promise<EveryCut> {
  const cases = everyCut().map((c) => {
    const def = KPI_LIST.find((d) => d.code === c.code)!;
    const req = normaliseRequest(def, c.request);
    return { ...c, def, mart: martFor(def, req), ...buildKpiSql(def, req) };
  });
  const raw = cases.map((): number[] => []);
  const ours = cases.map((): number[] => []);
  for (let r = 0; r <= rounds; r++)
    for (const [i, c] of cases.entries()) {
      let t0 = performance.now();
      (await db.connection.runAndReadAll(c.sql, c.params)).getRowObjects();
      const tRaw = performance.now() - t0;
      t0 = performance.now();
      await queryKpi(db, c.code, c.request);
      const tOurs = performance.now() - t0;
      if (r === 0) continue; // warm-up: plans, file cache
      raw[i]!.push(tRaw);
      ours[i]!.push(tOurs);
    }
  return {
    cuts: cases.length,
    rounds,
    perCut: cases.map((c, i) => ({
      code: c.code,
      dims: c.request.dims ?? [],
      mart: c.mart,
      raw: latency(raw[i]!),
      queryLayer: latency(ours[i]!),
    })),
  };
}

/** The verdict: every cut within the limits; the note names those outside, slowest first. */
export function everyCutCheck(every: EveryCut): Check {
  const label = (c: CutLatency) => `${c.code} by ${c.dims.join(' × ') || 'its default cut'}`;
  const bySpeed = [...every.perCut].sort((a, b) => b.queryLayer.p95 - a.queryLayer.p95);
  const outside = bySpeed.filter((c) => !cutWithinLimits(c));
  const slowest = bySpeed[0]!;
  const shown = 12;
  return check(
    `every KPI cut p95 (in-process; each KPI by default and by each of its dimensions)`,
    // Nearest-rank p95 of fewer than 20 runs is the slowest run: one stall of a shared box shows.
    `${every.cuts - outside.length} of ${every.cuts} cuts within; slowest ${label(slowest)} ${slowest.queryLayer.p95} ms vs raw ${slowest.raw.p95} ms (mart.${slowest.mart}); p95 of ${every.rounds} runs each${every.rounds < 20 ? ', i.e. the slowest' : ''}`,
    'each < 100 ms and ≤ 1.5× raw + 10 ms',
    outside.length === 0,
    outside.length
      ? `outside the limits: ${outside
          .slice(0, shown)
          .map((c) => `${label(c)} ${c.queryLayer.p95} vs raw ${c.raw.p95} ms (mart.${c.mart})`)
          .join('; ')}${outside.length > shown ? `; ${outside.length - shown} more in the results JSON (everyCut)` : ''}`
      : undefined,
    slowest.queryLayer.p95 / 100,
  );
}
