// Many readers: `serve --read-only` processes answering from the snapshot the
// writer published, measured on the bench warehouse:
//  - throughput (requests/s) of a KPI mix (every KPI by region, by year, by
//    programme and from a month, each with a distinct month window so every
//    request is a cache miss) with 1, 2 and 4 reader processes, against the
//    same SQL on raw DuckDB opened read-only on the same snapshot file, with
//    the same number of requests in flight;
//  - page latency (p50/p99, signed in) on two readers while the writer loads
//    a month of placements, refreshes the marts and publishes a new snapshot,
//    against the same pages on the same readers with the writer idle.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Warehouse } from '../warehouse/db.ts';
import { buildKpiSql, normaliseRequest } from '../warehouse/kpi/query.ts';
import { KPI_LIST } from '../warehouse/kpi/registry.ts';
import { publishSnapshot } from '../warehouse/snapshots/publish.ts';
import { OPERATOR_TOKEN_HEADER } from '../server/serverInfo.ts';
import { getFeed } from '../ingest/feeds/index.ts';
import { sqlIdent, sqlString, sqlTable } from '../warehouse/sql.ts';
import type { KpiCase } from './queries.ts';
import { check, type Check } from './report.ts';
import { BENCH_API_RATE_LIMIT, http, kpiUrl, login, measuredRequests, startServe } from './serve.ts';
import { percentile, round } from './stats.ts';

const CLI = new URL('../cli/osservatorio.js', import.meta.url).pathname;
const PAGES = ['/', '/placements', '/mismatch', '/spend', '/explore'];

export interface ReadersResult {
  snapshot: { bytes: number; ms: number };
  windowMs: number;
  inFlight: number;
  raw: { requests: number; perS: number };
  readers: { processes: number; requests: number; perS: number; ratioToRaw: number; statuses: Record<string, number> }[];
  pages?: {
    quiet: { n: number; p50: number; p99: number };
    writerBusy: { n: number; p50: number; p99: number; loadRefreshPublishMs: number; switchedTo: string | null; statuses: Record<string, number> };
  };
  checks: Check[];
  error?: string;
}

/** Distinct requests: the measured cuts, each with month windows from 2019 on, shuffled the same way every run. */
function requestMix(n: number): KpiCase[] {
  const base = measuredRequests();
  const out: KpiCase[] = [];
  for (let i = 0; out.length < n && i < 200; i++)
    for (const c of base) {
      const def = KPI_LIST.find((d) => d.code === c.code)!;
      if (!def.columns.month) {
        if (i === 0) out.push(c);
        continue;
      }
      out.push({ code: c.code, request: { ...c.request, from: `${2019 + Math.floor(i / 12)}-${String(1 + (i % 12)).padStart(2, '0')}` } });
    }
  let seed = 17;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.slice(0, n);
}

/** Runs `inFlight` workers taking the next item until the window closes; returns how many finished. */
async function saturate<T>(items: T[], inFlight: number, windowMs: number, one: (item: T, worker: number) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  const until = performance.now() + windowMs;
  await Promise.all(
    Array.from({ length: inFlight }, async (_, w) => {
      while (performance.now() < until) {
        const item = items[next++ % items.length]!;
        await one(item, w);
        done++;
      }
    }),
  );
  return done;
}

function startReader(dataDir: string, log: (s: string) => void): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--read-only', '--demo', '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', OSSERVATORIO_API_RATE_LIMIT: String(BENCH_API_RATE_LIMIT) },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /(http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        log(`reader listening at ${m[1]}`);
        resolve({ base: m[1]!, child });
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`serve --read-only exited with ${code}: ${(out + err).slice(-600)}`));
    });
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

function count(statuses: Record<string, number>, status: number): void {
  statuses[status] = (statuses[status] ?? 0) + 1;
}

export async function measureReaders(dbPath: string, workDir: string, log: (s: string) => void, windowMs = 8_000, inFlight = 8): Promise<ReadersResult> {
  const dataDir = join(workDir, 'data');
  const snapshots = join(dataDir, 'snapshots');
  const result: ReadersResult = { snapshot: { bytes: 0, ms: 0 }, windowMs, inFlight, raw: { requests: 0, perS: 0 }, readers: [], checks: [] };
  const mix = requestMix(2_000);
  const children: ChildProcess[] = [];
  try {
    {
      const wh = await Warehouse.open(dbPath);
      try {
        const s = await publishSnapshot(wh, snapshots);
        result.snapshot = { bytes: s.bytes, ms: s.ms };
        log(`snapshot published: ${(s.bytes / 2 ** 20).toFixed(0)} MiB in ${s.ms} ms`);
      } finally {
        wh.close();
      }
    }
    // Raw DuckDB on the same snapshot file, the same mix, the same requests in flight.
    {
      const current = JSON.parse(readFileSync(join(snapshots, 'CURRENT'), 'utf8')) as { file: string };
      const wh = await Warehouse.open(join(snapshots, current.file), { readOnly: true });
      try {
        const conns = await Promise.all(Array.from({ length: inFlight }, () => wh.session()));
        const run = (c: KpiCase, w: number) => {
          const def = KPI_LIST.find((d) => d.code === c.code)!;
          const { sql, params } = buildKpiSql(def, normaliseRequest(def, c.request));
          return conns[w]!.connection.runAndReadAll(sql, params).then((r) => void r.getRowObjects());
        };
        await saturate(mix.slice(0, 100), inFlight, 1_000, run);
        const n = await saturate(mix, inFlight, windowMs, run);
        result.raw = { requests: n, perS: round(n / (windowMs / 1000), 1) };
        for (const c of conns) c.close();
      } finally {
        wh.close();
      }
      log(`raw DuckDB on the snapshot: ${result.raw.perS} requests/s`);
    }

    // The writer (sessions, loads, snapshots) and up to four readers.
    writeFileSync(join(dataDir, 'osservatorio.config.json'), JSON.stringify({ jobs: { marts: { snapshots: { enabled: true, keep: 2 } } } }));
    process.env.OSSERVATORIO_SESSION_SECRET ??= randomBytes(48).toString('base64url');
    const writer = await startServe(dbPath, workDir, log);
    children.push(writer.child);
    const cookie = await login(writer.base, 'demo-analyst');
    const readers: string[] = [];
    for (const processes of [1, 2, 4]) {
      while (readers.length < processes) {
        const r = await startReader(dataDir, log);
        children.push(r.child);
        readers.push(r.base);
      }
      const statuses: Record<string, number> = {};
      const get = async (c: KpiCase, w: number) => count(statuses, (await http(kpiUrl(readers[w % readers.length]!, c.code, c.request, 'json'), { headers: { cookie } })).status);
      await saturate(mix.slice(0, 50), inFlight, 1_000, get);
      // Each run starts at another point of the mix, so no reader's cache holds the answers.
      const offset = processes * 500;
      const n = await saturate([...mix.slice(offset), ...mix.slice(0, offset)], inFlight, windowMs, get);
      const perS = round(n / (windowMs / 1000), 1);
      result.readers.push({ processes, requests: n, perS, ratioToRaw: round(perS / result.raw.perS), statuses });
      log(`${processes} reader(s): ${perS} requests/s (${JSON.stringify(statuses)})`);
    }

    // Pages on two readers, the writer idle, then while it loads, refreshes and publishes.
    const two = readers.slice(0, 2);
    const pageRun = async (until: () => boolean, statuses: Record<string, number>) => {
      const ms: number[] = [];
      await Promise.all(
        [0, 1, 2, 3].map(async (w) => {
          for (let i = w; !until(); i++) {
            const r = await http(`${two[i % 2]}${PAGES[i % PAGES.length]}`, { headers: { cookie, accept: 'text/html' } });
            count(statuses, r.status);
            ms.push(r.totalMs);
          }
        }),
      );
      return { n: ms.length, p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)) };
    };
    // Each page once on each reader first: the first render of a page in a process is not what this measures.
    for (const base of two) for (const page of PAGES) await http(`${base}${page}`, { headers: { cookie, accept: 'text/html' } });
    const quietUntil = performance.now() + windowMs;
    const quiet = await pageRun(() => performance.now() > quietUntil, {});
    // A month of placements resent (rows replaced by key), through the writer's inbox job. Two months
    // back: the month before the as-of date was resent already by the incremental-refresh measure, and
    // the same bytes again would be a duplicate, loading nothing.
    const inboxDir = join(dataDir, 'inbox', 'bench');
    mkdirSync(inboxDir, { recursive: true });
    {
      const ro = await Warehouse.open(join(snapshots, (JSON.parse(readFileSync(join(snapshots, 'CURRENT'), 'utf8')) as { file: string }).file), { readOnly: true });
      try {
        const feed = getFeed('placements')!;
        const cols = feed.columns.map((c) => (c.type === 'string_list' ? `array_to_string(${sqlIdent(c.name)}, '|') as ${sqlIdent(c.name)}` : sqlIdent(c.name)));
        await ro.run(
          `copy (select ${cols.join(', ')} from ${sqlTable(feed.table)} where strftime(start_date, '%Y-%m') = (select strftime(as_of - interval 2 month, '%Y-%m') from mart.refresh_info))
           to ${sqlString(join(inboxDir, 'placements-month.csv'))} (header, delimiter ',')`,
        );
      } finally {
        ro.close();
      }
    }
    writeFileSync(join(inboxDir, 'placements-month.csv.ready'), '');
    const info = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as { token: string };
    const before = readFileSync(join(snapshots, 'CURRENT'), 'utf8');
    const busyStatuses: Record<string, number> = {};
    let jobDone = false;
    const t0 = performance.now();
    const job = http(`${writer.base}/api/jobs/inbox/run`, { method: 'POST', headers: { [OPERATOR_TOKEN_HEADER]: info.token, 'content-type': 'application/json', 'content-length': '2' }, body: '{}', keepBody: true }).then((r) => {
      jobDone = true;
      if (r.status !== 200) throw new Error(`bench: the writer's inbox run answered ${r.status}: ${r.body?.slice(0, 300)}`);
      const run = (JSON.parse(r.body!) as { run: { rows: number; followUps: { job: string; status: string }[] } }).run;
      if (!run.rows || !run.followUps.some((f) => f.job === 'marts' && f.status === 'ok'))
        throw new Error(`bench: the writer's inbox run loaded nothing or did not refresh: ${r.body?.slice(0, 500)}`);
      return performance.now() - t0;
    });
    const busy = await pageRun(() => jobDone, busyStatuses);
    const jobMs = await job;
    const after = readFileSync(join(snapshots, 'CURRENT'), 'utf8');
    result.pages = {
      quiet,
      writerBusy: { ...busy, loadRefreshPublishMs: round(jobMs, 0), switchedTo: after !== before ? (JSON.parse(after) as { file: string }).file : null, statuses: busyStatuses },
    };
    log(`pages p99: quiet ${quiet.p99} ms, writer loading+refreshing ${busy.p99} ms (${round(jobMs / 1000, 1)} s)`);
  } catch (err) {
    result.error = (err as Error).message;
    log(`readers: ${(err as Error).message}`);
  } finally {
    for (const c of children.reverse()) await stop(c);
  }
  result.checks = readersChecks(result);
  return result;
}

function readersChecks(r: ReadersResult): Check[] {
  if (!r.readers.length) return [check('KPI throughput with N readers vs raw DuckDB', '-', 'reported', undefined, `not measured: ${r.error ?? 'no answer'}`)];
  const checks = r.readers.map((x) =>
    check(
      `KPI throughput, ${x.processes} reader${x.processes > 1 ? 's' : ''} vs raw DuckDB (same snapshot)`,
      `${x.perS} vs raw ${r.raw.perS} requests/s = ${x.ratioToRaw}× (${r.inFlight} in flight, ${r.windowMs / 1000} s)`,
      'reported',
      Object.keys(x.statuses).every((s) => s === '200'),
      Object.keys(x.statuses).some((s) => s !== '200') ? `answers other than 200: ${JSON.stringify(x.statuses)}` : undefined,
      x.ratioToRaw,
    ),
  );
  if (r.pages) {
    const p = r.pages;
    const ok = Object.keys(p.writerBusy.statuses).every((s) => s === '200') && p.writerBusy.switchedTo !== null;
    checks.push(
      check(
        'page p99 on 2 readers while the writer loads, refreshes and publishes',
        `${p.writerBusy.p99} ms vs ${p.quiet.p99} ms with the writer idle = ${round(p.writerBusy.p99 / p.quiet.p99)}× (p50 ${p.writerBusy.p50} vs ${p.quiet.p50}; n=${p.writerBusy.n} over ${(p.writerBusy.loadRefreshPublishMs / 1000).toFixed(1)} s; switched to ${p.writerBusy.switchedTo ?? 'no new snapshot'})`,
        'reported; every page 200 and a new snapshot served',
        ok,
        ok ? undefined : `statuses ${JSON.stringify(p.writerBusy.statuses)}; snapshot ${p.writerBusy.switchedTo ?? 'not published'}`,
        p.writerBusy.p99 / p.quiet.p99,
      ),
    );
  }
  return checks;
}
