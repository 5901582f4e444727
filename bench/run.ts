// npm run bench [-- --scale N] [--seed S] [--ingest-rows R] [--keep] [--cut-runs N]
//                   [--placements N --vacancies M]  (grow those tables by copying rows; bench/grow.ts)
// One run, one machine, the same files: our path against raw DuckDB. Prints a
// table of the targets (docs/scaling.md) with PASS/MISS and writes
// bench/results/<timestamp>.json with the machine info. A miss is reported
// with what was measured, never hidden.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, loadDemo } from '../demo/index.ts';
import { Warehouse } from '../warehouse/db.ts';
import { refreshMarts } from '../warehouse/marts/refresh.ts';
import { migrate } from '../warehouse/migrate.ts';
import { loadReferenceData } from '../warehouse/reference/loadReferenceData.ts';
import { demoFilesFor, demoFilesIn, placementsFile } from './demoFiles.ts';
import { growTable, type Spread } from './grow.ts';
import { measureIncrementalRefresh } from './incremental.ts';
import { measureIngest } from './ingest.ts';
import { kpiCases, measureArrowVsJson, measureEventLoop, measureKpiLatency, measureRollup } from './queries.ts';
import { everyCutCheck, measureEveryCut } from './cuts.ts';
import { check, machineInfo, printTable, type Check } from './report.ts';
import { measureReaders } from './readers.ts';
import { measureServe } from './serve.ts';
import { round, timed } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '20' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    'ingest-rows': { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
    'no-serve': { type: 'boolean', default: false },
    // Skip the many-readers section (serve --read-only processes on a published snapshot; bench/readers.ts).
    'no-readers': { type: 'boolean', default: false },
    // Measure queries and the server on a warehouse kept by an earlier run (--keep), skipping
    // generation, ingest and load; --refresh rebuilds its marts first (e.g. after a mart change).
    'reuse-db': { type: 'string' },
    // Demo files generated earlier (a folder with demo.json), used even if the generator has
    // changed since: for a scale-100 run whose generation alone takes ~12 minutes. Recorded.
    'demo-dir': { type: 'string' },
    refresh: { type: 'boolean', default: false },
    placements: { type: 'string' },
    vacancies: { type: 'string' },
    // Runs of each cut in the every-cut measure (bench/cuts.ts); 20 or more for a p95 that is not the slowest run.
    'cut-runs': { type: 'string', default: '5' },
    // Grow by copies that keep every attribute but their dates, as earlier runs did (results without grown[].distinct).
    'no-spread': { type: 'boolean', default: false },
  },
});
const scale = Number(args.scale);
const seed = Number(args.seed);
const ingestRows = Number(args['ingest-rows']);
const cutRuns = Number(args['cut-runs']);
if (!Number.isInteger(cutRuns) || cutRuns < 1) throw new Error(`bench: --cut-runs must be a whole number ≥ 1, got ${args['cut-runs']}`);
const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

const started = Date.now();
const workDir = mkdtempSync(join(tmpdir(), 'osservatorio-bench-run-'));
const results: Record<string, unknown> = { scale, seed, startedAt: new Date(started).toISOString(), machine: machineInfo() };
const checks: Check[] = [];
/** Why the run stopped early, when it did. */
let failure: string | undefined;
try {
  if (!args['reuse-db']) {
    const { demo, reused, ms: genMs } = args['demo-dir'] ? demoFilesIn(args['demo-dir']) : await demoFilesFor(scale, seed, log);
    results.demo = { reused, generateMs: genMs, ...(args['demo-dir'] ? { dir: args['demo-dir'] } : {}), files: Object.fromEntries(demo.files.map((f) => [f.feed, f.rows])) };
    log(`demo ${reused ? 'reused' : `generated in ${(genMs / 1000).toFixed(1)} s`}: ${demo.files.map((f) => `${f.feed} ${f.rows}`).join(', ')}`);

    // 1. Ingest: loadFile vs COPY on the same N-row placements file.
    const csv = await placementsFile(demo, ingestRows);
    log(`ingest: loadFile vs COPY on ${ingestRows} placements (${csv}) …`);
    const ingest = await measureIngest(demo, csv, ingestRows, statSync(csv).size, workDir);
    results.ingest = ingest;
    log(`ingest: ours ${ingest.ours.ms} ms, COPY ${ingest.copy.ms} ms, COPY with PK ${ingest.copyWithPrimaryKey.ms} ms`);
    const slowest = Object.entries(ingest.ours.steps).sort((a, b) => b[1] - a[1]);
    checks.push(
      check(
        'ingest throughput vs raw COPY',
        `${ingest.ratio}× (${ingest.ours.rowsPerS.toLocaleString('en-US')} vs ${ingest.copy.rowsPerS.toLocaleString('en-US')} rows/s)`,
        '≥ 0.5×',
        ingest.ratio >= 0.5,
        `loadFile steps: ${slowest.map(([k, v]) => `${k} ${v} ms`).join(', ')}; COPY into a table with a primary key: ${ingest.copyWithPrimaryKey.ms} ms`,
        ingest.ratio,
      ),
    );
  }

  // 2. The bench warehouse: the whole demo through the load path, then the marts.
  const dbPath = args['reuse-db'] ?? join(workDir, 'osservatorio.duckdb');
  if (args['reuse-db']) results.reusedDb = dbPath;
  const wh = await Warehouse.open(dbPath);
  try {
    if (!args['reuse-db']) {
      await migrate(wh);
      await loadReferenceData(wh);
      log('loading the demo through loadFile …');
      const demo = args['demo-dir'] ? demoFilesIn(args['demo-dir']).demo : (await demoFilesFor(scale, seed, log)).demo;
      const load = await timed(() => loadDemo(wh, demo));
      const loadedRows = load.value.reduce((s, r) => s + r.rows, 0);
      results.demoLoad = { ms: round(load.ms, 0), rows: loadedRows, rowsPerS: Math.round(loadedRows / (load.ms / 1000)) };
      log(`demo loaded: ${loadedRows} rows in ${(load.ms / 1000).toFixed(1)} s; refreshing marts …`);
    }
    const grown = [];
    // Copies move through every comune, CP2021 unit and registered person (bench/grow.ts) unless --no-spread.
    const spread = (...s: Spread[]) => (args['no-spread'] ? [] : s);
    const comuni = { column: 'comune_code', codes: 'select comune_code as code from ref.comuni' };
    const occupations = { column: 'occupation_code', codes: 'select code from ref.occupations_cp2021 where level = 5' };
    if (args.placements)
      grown.push(
        await growTable(wh, 'core.placements', 'placement_id', Number(args.placements), ['start_date', 'end_date', 'planned_end_date'],
          spread(comuni, occupations, { column: 'person_id', codes: 'select person_id as code from core.job_seekers' })),
      );
    if (args.vacancies)
      grown.push(await growTable(wh, 'core.vacancies', 'vacancy_id', Number(args.vacancies), ['published_on', 'closed_on'], spread(comuni, occupations)));
    if (grown.length) {
      results.grown = grown;
      log(
        `grown by copying rows: ${grown.map((g) => `${g.table} ${g.before} → ${g.after} (${g.ms} ms${g.distinct ? `; distinct ${Object.entries(g.distinct).map(([c, n]) => `${c} ${n}`).join(', ')}` : ''})`).join(', ')}`,
      );
    }
    if (!args['reuse-db'] || args.refresh || grown.length) {
      const refresh = await refreshMarts(wh);
      results.martRefresh = { ms: refresh.ms, tables: refresh.tables };
      log(`marts refreshed in ${refresh.ms} ms`);
      const slowestMarts = [...(refresh.tables as { name: string; rows: number; ms?: number }[])].sort((a, b) => b.rows - a.rows).slice(0, 3);
      checks.push(
        check(
          `mart refresh (scale ${scale})`,
          `${(refresh.ms / 1000).toFixed(1)} s`,
          scale === 20 && !grown.length ? '< 60 s at scale 20' : 'reported (the < 60 s target is for scale 20)',
          scale === 20 && !grown.length ? refresh.ms < 60_000 : true,
          refresh.ms >= 60_000
            ? `one transaction over every mart while the box's load average was ${loadavg().map((x) => x.toFixed(1)).join('/')} on 2 CPUs (earlier runs: 17.8 s at load ~1, 43 s at load ~12); largest marts ${slowestMarts.map((m) => `${m.name} ${m.rows.toLocaleString('en-US')} rows`).join(', ')}`
            : undefined,
          round(refresh.ms / 60_000),
        ),
      );
    } else {
      checks.push(check(`mart refresh (scale ${scale})`, '-', '< 60 s at scale 20', undefined, `not run: --reuse-db ${dbPath} without --refresh`));
    }

    const sizes = {
      placements: Number(await wh.scalar('select count(*) from core.placements')),
      vacancies: Number(await wh.scalar('select count(*) from core.vacancies')),
    };
    results.sizes = sizes;
    checks.push(
      check(
        'warehouse size the latencies below are measured on',
        `${sizes.placements.toLocaleString('en-US')} placements, ${sizes.vacancies.toLocaleString('en-US')} vacancies${grown.length ? ' (grown by copying demo rows, bench/grow.ts)' : ''}`,
        'reported (target: < 100 ms on 10 M / 2 M)',
        true,
      ),
    );

    // 2b. After one month's files: the incremental refresh against the full rebuild, same run, same data.
    const atTarget = sizes.placements >= 10_000_000 && sizes.vacancies >= 2_000_000;
    const sizeNote = `${sizes.placements.toLocaleString('en-US')} placements, ${sizes.vacancies.toLocaleString('en-US')} vacancies`;
    const inc = await measureIncrementalRefresh(wh, workDir, log);
    results.incrementalRefresh = inc;
    const sliced = inc.incremental.tables.filter((x) => x.refreshed === 'slices');
    const byPerson = inc.incremental.tables.filter((x) => x.refreshed === 'people');
    checks.push(
      check(
        "refresh after one month's files vs full rebuild",
        `${(inc.incremental.ms / 1000).toFixed(1)} s vs ${(inc.full.ms / 1000).toFixed(1)} s (${(inc.ratio * 100).toFixed(1)}%; ${inc.incremental.mode}) on ${sizeNote}`,
        atTarget ? '≤ 10% at 10 M / 2 M' : 'reported (the ≤ 10% target is for 10 M placements / 2 M vacancies)',
        atTarget ? inc.ratio <= 0.1 && inc.incremental.mode === 'incremental' : true,
        `month ${inc.month}: ${inc.files.map((f) => `${f.feed} ${f.rows}`).join(', ')}; ${inc.incremental.reason ?? `sliced: ${sliced.map((x) => `${x.name} ${x.slices}`).join(', ')}; person by person: ${byPerson.map((x) => `${x.name} ${x.people}`).join(', ') || 'none'}; rebuilt whole: ${inc.incremental.tables.filter((x) => x.refreshed === 'whole').map((x) => x.name).join(', ') || 'none'}`}`,
        inc.ratio,
      ),
      check(
        "refresh after one month's files, every row corrected, vs full rebuild",
        `${(inc.corrected.ms / 1000).toFixed(1)} s vs ${(inc.full.ms / 1000).toFixed(1)} s (${(inc.corrected.ratio * 100).toFixed(1)}%; ${inc.corrected.mode}) on ${sizeNote}`,
        atTarget ? '≤ 10% at 10 M / 2 M' : 'reported (the ≤ 10% target is for 10 M placements / 2 M vacancies)',
        atTarget ? inc.corrected.ratio <= 0.1 && inc.corrected.mode === 'incremental' : true,
        `the same month sent again with a counted value of every row changed, so every touched person and slice changes (the month resent as is leaves most of them as they were): ${inc.corrected.tables
          .filter((x) => (x.ms ?? 0) >= 1000)
          .map((x) => `${x.name} ${((x.ms ?? 0) / 1000).toFixed(1)} s`)
          .join(', ')}`,
        inc.corrected.ratio,
      ),
      check(
        'full mart rebuild at 10 M / 2 M',
        `${(inc.full.ms / 1000).toFixed(1)} s on ${sizeNote}`,
        atTarget ? '≤ 60 s' : 'reported (the ≤ 60 s target is for 10 M placements / 2 M vacancies)',
        atTarget ? inc.full.ms <= 60_000 : true,
        undefined,
        inc.full.ms / 60_000,
      ),
    );

    // 3. In-process: KPI latency through the query layer vs raw, Arrow vs JSON, event loop.
    const cases = kpiCases();
    const kpi = await measureKpiLatency(wh, cases, 60);
    results.kpiQueryLayer = kpi;
    checks.push(
      check(
        'KPI query layer p95 (in-process) vs raw DuckDB',
        `${kpi.queryLayer.p95} ms vs raw ${kpi.raw.p95} ms (p50 ${kpi.queryLayer.p50} vs ${kpi.raw.p50}; n=${kpi.requests})`,
        '≤ 1.5× raw + 10 ms, < 100 ms',
        kpi.queryLayer.p95 <= 1.5 * kpi.raw.p95 + 10 && kpi.queryLayer.p95 < 100,
        undefined,
        kpi.queryLayer.p95 / kpi.raw.p95,
      ),
    );
    log(`KPI latency (query layer): p95 ${kpi.queryLayer.p95} ms vs raw ${kpi.raw.p95} ms over ${kpi.requests}`);
    const every = await measureEveryCut(wh, cutRuns);
    results.everyCut = every;
    checks.push(everyCutCheck(every));
    log(`every cut: ${every.cuts} cuts × ${every.rounds} rounds measured`);
    const rollup = await measureRollup(wh);
    results.placementRollup = rollup;
    checks.push(
      check(
        'placement KPIs p95 via rollup mart (raw SQL)',
        `${rollup.rollup.p95} ms on ${rollup.rollupRows.toLocaleString('en-US')} rows vs ${rollup.full.p95} ms on the full-grain ${rollup.fullRows.toLocaleString('en-US')} rows (n=${rollup.rollup.n})`,
        '< 100 ms',
        rollup.rollup.p95 < 100,
        `requests cut by comune, occupation, sector or person attributes other than gender read the full-grain mart (${rollup.full.p95} ms p95 here; it grows with placements)`,
        rollup.rollup.p95 / rollup.full.p95,
      ),
    );
    const aj = await measureArrowVsJson(wh);
    results.arrowVsJson = aj;
    checks.push(
      check(
        `Arrow vs JSON bytes (${aj.rows} rows)`,
        `${(aj.ratio * 100).toFixed(1)}% (${aj.arrowBytes.toLocaleString('en-US')} vs ${aj.jsonBytes.toLocaleString('en-US')} B; encode ${aj.arrowEncodeMs} vs ${aj.jsonEncodeMs} ms)`,
        '≤ 50%',
        aj.ratio <= 0.5,
        undefined,
        aj.ratio,
      ),
    );
    const loop = await measureEventLoop(wh, cases);
    results.eventLoop = { ...loop, largestSyncConversionMs: aj.longestSyncMs };
    checks.push(
      check(
        'event-loop delay p99 under query load (in-process, 4 sessions)',
        `${loop.p99} ms (max ${loop.max} ms, ${loop.queries} queries × ${loop.concurrency} sessions)`,
        '< 50 ms',
        loop.p99 < 50,
        `4 sessions on one process, ${loop.queries} KPI queries; load average ${loadavg().map((x) => x.toFixed(1)).join('/')} on 2 CPUs (waiting for a CPU counts as delay). DuckDB runs queries on its own threads; the main thread holds result conversion — ${aj.rows} rows to objects in one synchronous rows() step took ${aj.longestSyncMs} ms; the longest stall fetching them with rows() ${aj.stallMs.rows} ms vs ${aj.stallMs.rowsYielding} ms with the chunked rowsYielding() the query layer uses`,
        loop.p99 / 50,
      ),
    );
  } finally {
    wh.close();
  }

  // 4. The real server: HTTP latency vs raw, page TTFB, peak RSS.
  if (args['no-serve']) {
    checks.push(check('KPI endpoint p95 (HTTP) vs raw', '-', '≤ 1.5× raw + 10 ms, < 100 ms', undefined, 'skipped (--no-serve)'));
  } else {
    const serve = await measureServe(dbPath, workDir, kpiCases(), log);
    results.serve = serve;
    checks.push(...serve.checks);
    // 5. Many readers on a snapshot, and pages on them while the writer loads.
    if (!args['no-readers']) {
      const readers = await measureReaders(dbPath, workDir, log);
      results.readers = readers;
      checks.push(...readers.checks);
    }
  }
} catch (err) {
  results.error = (err as Error).stack ?? String(err);
  failure = (err as Error).message.split('\n')[0];
  log(`bench failed: ${(err as Error).message}`);
  process.exitCode = 3;
} finally {
  results.checks = checks;
  results.totalMs = Date.now() - started;
  // The box is shared: its load at the end says how contended the run was (1/5/15-minute averages).
  results.loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  const outDir = new URL('./results/', import.meta.url).pathname;
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  const machine = results.machine as { cpus: number; loadAverage: number[] };
  console.log(
    `\nOsservatorio bench — scale ${scale}, ${machine.cpus} CPUs, ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${machine.loadAverage.join('/')} at start, ${(results.loadAverageAtEnd as number[]).join('/')} at end\n`,
  );
  printTable(checks, (s) => console.log(s), failure);
  console.log(`\nresults: ${out}`);
  if (!args.keep) rmSync(workDir, { recursive: true, force: true });
}
