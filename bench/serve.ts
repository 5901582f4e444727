// The real server: `osservatorio serve --demo` as a child process on the
// bench warehouse, signed in as the demo users through POST /auth/login like a
// browser (no backdoor: demo mode is what creates those users). Measures, in
// the serving process itself:
//  - KPI endpoint latency over HTTP (JSON and Arrow), each request a cache
//    miss (every measured request is distinct, checked with the server's cache
//    counters) and again as cache hits, against the same SQL straight on
//    DuckDB for the same requests;
//  - page time-to-first-byte of the dashboard's pages, signed in;
//  - event-loop delay (p99 of monitorEventLoopDelay, read from the server's
//    admin-only GET /api/ops/runtime?window_ms=) while 4 clients load it with
//    uncached KPI requests, large results included;
//  - peak RSS (VmHWM) of the serving process after all of that.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureDashboardBuilt } from '../cli/commands/start.ts';
import { toKpiQuery } from '../warehouse/kpi/queryString.ts';
import type { RuntimeReport } from '../server/api/runtime.ts';
import { Warehouse } from '../warehouse/db.ts';
import { buildKpiSql, normaliseRequest } from '../warehouse/kpi/query.ts';
import { KPI_LIST } from '../warehouse/kpi/registry.ts';
import type { KpiDefinition, KpiRequest } from '../warehouse/kpi/types.ts';
import type { KpiCase } from './queries.ts';
import { check, type Check } from './report.ts';
import { latency, round, type Latency } from './stats.ts';

const CLI = new URL('../cli/osservatorio.js', import.meta.url).pathname;
const ANALYST = 'demo-analyst';
const ADMIN = 'demo-admin';
export const BENCH_API_RATE_LIMIT = 1_000_000;

interface Fetched {
  status: number;
  ttfbMs: number;
  totalMs: number;
  bytes: number;
  body?: string;
  setCookies?: string[];
}

export function http(url: string, opts: { headers?: Record<string, string>; method?: string; body?: string; keepBody?: boolean } = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const ttfb = performance.now() - t0;
      let bytes = 0;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (opts.keepBody) parts.push(c);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ttfbMs: ttfb,
          totalMs: performance.now() - t0,
          bytes,
          ...(opts.keepBody ? { body: Buffer.concat(parts).toString('utf8') } : {}),
          ...(res.headers['set-cookie'] ? { setCookies: res.headers['set-cookie'] } : {}),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** Signs in through the login form's endpoint, as the browser does; returns the Cookie header. */
export async function login(base: string, user: string): Promise<string> {
  const body = new URLSearchParams({ username: user, password: `${user}-password`, next: '/' }).toString();
  const r = await http(`${base}/auth/login`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), accept: 'application/json' },
  });
  const cookies = r.setCookies ?? [];
  if (r.status >= 400 || !cookies.length) throw new Error(`bench: signing in as ${user} failed (HTTP ${r.status}); the server must run with --demo`);
  return cookies.map((c) => c.split(';')[0]).join('; ');
}

export function kpiUrl(base: string, code: string, request: KpiRequest, format: 'json' | 'arrow'): string {
  const q = toKpiQuery({ dims: request.dims, filters: request.filters as Record<string, string[]> | undefined, from: request.from, to: request.to });
  return `${base}/api/kpi/${code}?${q}${q ? '&' : ''}format=${format}`;
}

async function runtime(base: string, cookie: string, windowMs = 0): Promise<RuntimeReport> {
  const r = await http(`${base}/api/ops/runtime?window_ms=${windowMs}`, { headers: { cookie }, keepBody: true });
  if (r.status !== 200) throw new Error(`bench: GET /api/ops/runtime answered ${r.status}: ${r.body?.slice(0, 300)}`);
  return JSON.parse(r.body!) as RuntimeReport;
}

/**
 * Distinct requests per KPI beyond its default cut, so that each one is a
 * cache miss the first time: by region, by year, and from a month. Requests a
 * KPI does not allow are left out.
 */
export function measuredRequests(): KpiCase[] {
  const out: KpiCase[] = [];
  for (const def of KPI_LIST) {
    const allowed = (d: string) => (def.dimensions as readonly string[]).includes(d);
    if (allowed('region')) out.push({ code: def.code, request: { dims: ['region'] } });
    if (allowed('year')) out.push({ code: def.code, request: { dims: ['year'] } });
    if (def.columns.month) out.push({ code: def.code, request: { from: '2021-01' } });
    if (allowed('programme')) out.push({ code: def.code, request: { dims: ['programme'] } });
  }
  return out;
}

/** Large answers: the placement KPIs cut by comune × month (tens of thousands of rows), a distinct month window each time. */
function largeRequest(i: number): KpiCase {
  const year = 2019 + (i % 4);
  return { code: 'PL_QUAL', request: { dims: ['comune', 'month', 'contract_type'], from: `${year}-${String(1 + (i % 12)).padStart(2, '0')}` } };
}

export interface ServeResult {
  startMs?: number;
  kpiHttp?: {
    uncached: { json: Latency; arrow: Latency; cacheMisses: number };
    cached: { json: Latency; arrow: Latency };
    raw: Latency;
    requests: number;
    perRequest: { code: string; request: KpiRequest; jsonMs: number; arrowMs: number; rawMs: number }[];
  };
  pages?: { status: Record<string, number>; firstTtfbMs: Record<string, number>; ttfb: Latency };
  eventLoop?: {
    idle: NonNullable<RuntimeReport['eventLoop']>;
    underLoad: NonNullable<RuntimeReport['eventLoop']>;
    /** An idle Node process measured over the same window: the box's own scheduling delay. */
    idleProcessSameWindow: { p50: number; p99: number; max: number } | null;
    clients: number;
    requests: number;
    largeRequests: number;
    largestAnswerBytes: number;
    statuses: Record<string, number>;
    /** The first large requests as sent, with their answer size and time. */
    largeSample: { url: string; bytes: number; ms: number }[];
  };
  peakRssBytes?: number | null;
  cacheAfter?: RuntimeReport['cache'];
  checks: Check[];
  error?: string;
}

/**
 * Event-loop delay of an idle Node process over the same window: on a shared
 * box a process waiting for a CPU shows as loop delay too, so this is the
 * floor the server's figure stands on (what is left above it is our work).
 */
function controlEventLoop(windowMs: number): Promise<{ p50: number; p99: number; max: number } | null> {
  const code = `const { monitorEventLoopDelay } = require('node:perf_hooks'); const h = monitorEventLoopDelay({ resolution: 5 }); h.enable();
    setTimeout(() => { h.disable(); const ms = (n) => Math.round(n / 1e4) / 100; console.log(JSON.stringify({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) })); }, ${windowMs});`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', () => {
      try {
        resolve(JSON.parse(out) as { p50: number; p99: number; max: number });
      } catch {
        resolve(null);
      }
    });
  });
}

export async function startServe(dbPath: string, workDir: string, log: (s: string) => void): Promise<{ base: string; child: ChildProcess; startMs: number }> {
  // Pages answer 503 "not built" without the dashboard: build it first, or every page would count as a miss.
  ensureDashboardBuilt(log);
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--demo', '--no-scheduler', '--data-dir', join(workDir, 'data'), '--db', dbPath, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A throwaway session secret: the bench's server lives only for this run. The API rate
    // limit (an operator setting, default 600/min per client) is raised: the bench is one
    // client sending thousands of requests on purpose, and 429s would measure the limiter.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      OSSERVATORIO_SESSION_SECRET: process.env.OSSERVATORIO_SESSION_SECRET ?? randomBytes(48).toString('base64url'),
      OSSERVATORIO_API_RATE_LIMIT: String(BENCH_API_RATE_LIMIT),
    },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /(http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`serve exited with ${code} before listening: ${(out + err).slice(-600)}`));
    });
    setTimeout(() => reject(new Error('serve did not listen within 120 s')), 120_000).unref();
  });
  const startMs = round(performance.now() - t0, 0);
  log(`serve --demo listening at ${base} after ${startMs} ms`);
  return { base, child, startMs };
}

export async function measureServe(dbPath: string, workDir: string, cases: KpiCase[], log: (s: string) => void): Promise<ServeResult> {
  const result: ServeResult = { checks: [] };
  const measured = measuredRequests();
  const json: number[] = [];
  const arrow: number[] = [];
  const jsonHit: number[] = [];
  const arrowHit: number[] = [];
  let child: ChildProcess | undefined;
  try {
    const started = await startServe(dbPath, workDir, log);
    child = started.child;
    const base = started.base;
    result.startMs = started.startMs;
    const analyst = { cookie: await login(base, ANALYST) };
    const admin = await login(base, ADMIN);

    // Warm-up: every KPI's default cut once (plans, DuckDB buffers); these requests are not measured again.
    for (const c of cases.filter((x) => !x.request.dims)) await http(kpiUrl(base, c.code, c.request, 'json'), { headers: analyst });
    const before = await runtime(base, admin);

    // KPI endpoint: each measured request once per format (cache misses), then again (hits).
    const perRequest: NonNullable<ServeResult['kpiHttp']>['perRequest'] = [];
    for (const c of measured) {
      const j = await http(kpiUrl(base, c.code, c.request, 'json'), { headers: analyst });
      const a = await http(kpiUrl(base, c.code, c.request, 'arrow'), { headers: analyst });
      if (j.status !== 200 || a.status !== 200) throw new Error(`bench: GET /api/kpi/${c.code} ${JSON.stringify(c.request)} answered ${j.status}/${a.status}`);
      json.push(j.totalMs);
      arrow.push(a.totalMs);
      perRequest.push({ code: c.code, request: c.request, jsonMs: round(j.totalMs), arrowMs: round(a.totalMs), rawMs: NaN });
    }
    const afterMiss = await runtime(base, admin);
    for (const c of measured) {
      jsonHit.push((await http(kpiUrl(base, c.code, c.request, 'json'), { headers: analyst })).totalMs);
      arrowHit.push((await http(kpiUrl(base, c.code, c.request, 'arrow'), { headers: analyst })).totalMs);
    }
    const cacheMisses = afterMiss.cache.misses - before.cache.misses;
    log(`KPI over HTTP: ${measured.length} distinct requests × json/arrow, ${cacheMisses} cache misses`);

    // Pages, signed in as the analyst: first (cold) request and 10 more each.
    const paths = ['/', '/placements', '/mismatch', '/spend', '/explore'];
    const status: Record<string, number> = {};
    const first: Record<string, number> = {};
    const ttfb: number[] = [];
    for (const p of paths) {
      for (let i = 0; i < 11; i++) {
        const r = await http(`${base}${p}`, { headers: analyst });
        status[p] = r.status;
        if (i === 0) first[p] = round(r.ttfbMs);
        else ttfb.push(r.ttfbMs);
      }
    }
    result.pages = { status, firstTtfbMs: first, ttfb: latency(ttfb) };
    log(`pages: TTFB p95 ${result.pages.ttfb.p95} ms (${JSON.stringify(status)})`);

    // Event loop of the serving process: idle, then while 4 clients send uncached requests, large ones included.
    const idle = (await runtime(base, admin, 2000)).eventLoop!;
    const windowMs = 15_000;
    let stop = false;
    let requests = 0;
    let large = 0;
    let largest = 0;
    const statuses: Record<string, number> = {};
    const largeSeen: { url: string; bytes: number; ms: number }[] = [];
    const control = controlEventLoop(windowMs);
    const load = runtime(base, admin, windowMs).finally(() => (stop = true));
    const regions = ['01', '03', '05', '07', '08', '09', '12', '15', '16', '19'];
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; !stop; i++) {
          const n = w * 100_000 + i;
          const format = i % 2 ? 'arrow' : 'json';
          let c: KpiCase;
          if (i % 4 === 3) {
            c = largeRequest(n);
            large++;
          } else {
            const m = measured[n % measured.length]!;
            const def = KPI_LIST.find((d) => d.code === m.code)!;
            c = { code: m.code, request: distinctVariant(def, m.request, regions[(w + i) % regions.length]!, i) };
          }
          const r = await http(kpiUrl(base, c.code, c.request, format), { headers: analyst });
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          largest = Math.max(largest, r.bytes);
          if (i % 4 === 3 && largeSeen.length < 8) largeSeen.push({ url: kpiUrl('', c.code, c.request, format), bytes: r.bytes, ms: round(r.totalMs) });
          requests++;
        }
      }),
    );
    const underLoad = (await load).eventLoop!;
    result.eventLoop = { idle, underLoad, idleProcessSameWindow: await control, clients: 4, requests, largeRequests: large, largestAnswerBytes: largest, statuses, largeSample: largeSeen };
    log(`event loop under load: p99 ${underLoad.p99} ms, max ${underLoad.max} ms (${requests} requests, ${large} large)`);

    const end = await runtime(base, admin);
    result.peakRssBytes = end.memory.peakRssBytes;
    result.cacheAfter = end.cache;

    result.kpiHttp = {
      uncached: { json: latency(json), arrow: latency(arrow), cacheMisses },
      cached: { json: latency(jsonHit), arrow: latency(arrowHit) },
      raw: latency([]),
      requests: measured.length,
      perRequest,
    };
  } catch (err) {
    result.error = (err as Error).message;
    log(`serve measurement failed: ${result.error}`);
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => (child!.exitCode !== null ? r(null) : child!.once('exit', r)));
    }
  }

  // The same SQL straight on DuckDB (a read-only open is refused while serve holds the file, so it runs now).
  if (result.kpiHttp) {
    const raw = await rawLatency(dbPath, measured);
    result.kpiHttp.raw = latency(raw);
    result.kpiHttp.perRequest.forEach((p, i) => (p.rawMs = round(raw[i]!)));
  }
  result.checks.push(...serveChecks(result));
  return result;
}

/** A request no one asked before in this run: the variant with a region filter, or a later month, so the cache misses. */
function distinctVariant(def: KpiDefinition, request: KpiRequest, region: string, i: number): KpiRequest {
  if ((def.dimensions as readonly string[]).includes('region')) return { ...request, filters: { region: [region] }, ...(def.columns.month ? { from: `20${19 + (i % 5)}-${String(1 + (i % 12)).padStart(2, '0')}` } : {}) };
  if (def.columns.month) return { ...request, from: `20${19 + (i % 5)}-${String(1 + (i % 12)).padStart(2, '0')}` };
  return request;
}

function serveChecks(r: ServeResult): Check[] {
  const checks: Check[] = [];
  if (!r.kpiHttp) {
    checks.push(check('KPI endpoint p95 (HTTP) vs raw DuckDB', '-', '≤ 1.5× raw + 10 ms, < 100 ms', undefined, `not measured: ${r.error ?? 'no answer'}`));
    return checks;
  }
  const k = r.kpiHttp;
  const worst = Math.max(k.uncached.json.p95, k.uncached.arrow.p95);
  const limit = round(1.5 * k.raw.p95 + 10);
  checks.push(
    check(
      'KPI endpoint p95 (HTTP, uncached) vs raw DuckDB',
      `${worst} ms vs raw ${k.raw.p95} ms = ${round(worst / k.raw.p95)}× (json p50/p95 ${k.uncached.json.p50}/${k.uncached.json.p95}, arrow ${k.uncached.arrow.p50}/${k.uncached.arrow.p95}; n=${k.requests} each, ${k.uncached.cacheMisses} cache misses)`,
      `≤ 1.5× raw + 10 ms (${limit} ms)`,
      worst <= limit,
      worst > limit ? 'see perRequest in the results JSON for the slowest requests against their raw time' : undefined,
      worst / k.raw.p95,
    ),
    check(
      'KPI endpoint p95 via marts (HTTP, uncached)',
      `${worst} ms`,
      '< 100 ms',
      worst < 100,
      worst >= 100 ? `the same SQL straight on DuckDB took p95 ${k.raw.p95} ms on this box in this run (load average ${loadavg().map((x) => x.toFixed(1)).join('/')} on ${cpus().length} CPUs)` : undefined,
      worst / 100,
    ),
    check('KPI endpoint p95 (HTTP, cached)', `json ${k.cached.json.p95} ms, arrow ${k.cached.arrow.p95} ms`, 'reported', true),
  );
  if (r.eventLoop) {
    const e = r.eventLoop;
    checks.push(
      check(
        'event-loop p99 in the server under query load',
        `${e.underLoad.p99} ms (max ${e.underLoad.max} ms; idle p99 ${e.idle.p99} ms; ${e.requests} requests from ${e.clients} clients, ${e.largeRequests} large, largest answer ${(e.largestAnswerBytes / 1e6).toFixed(1)} MB)`,
        '< 50 ms',
        e.underLoad.p99 < 50,
        Object.keys(e.statuses).some((st) => st !== '200')
          ? `answers other than 200 during the load: ${JSON.stringify(e.statuses)}`
          : e.underLoad.p99 >= 50 || e.underLoad.max >= 50
            ? `an idle Node process on this box had p99 ${e.idleProcessSameWindow?.p99 ?? '?'} ms (max ${e.idleProcessSameWindow?.max ?? '?'} ms) over the same window and the server ${e.idle.p99} ms before the load (load average ${loadavg()
                .map((x) => x.toFixed(1))
                .join('/')} on ${cpus().length} CPUs): waiting for a CPU counts as loop delay. Above that floor the loop is held by synchronous work per request (turning a DuckDB chunk into JS values, encoding a slice of JSON or an Arrow batch); DuckDB itself runs on its own threads`
            : undefined,
        e.underLoad.p99 / 50,
      ),
    );
  }
  const gb = r.peakRssBytes != null ? r.peakRssBytes / 2 ** 30 : undefined;
  checks.push(check('serve peak RSS', gb !== undefined ? `${(gb * 1024).toFixed(0)} MiB` : '-', '< 1.5 GB at scale 20', gb !== undefined ? gb < 1.5 : undefined, undefined, gb !== undefined ? gb / 1.5 : undefined));
  if (r.pages) {
    const bad = Object.entries(r.pages.status).filter(([, s]) => s >= 400);
    checks.push(
      check(
        'page time-to-first-byte p95 (signed in)',
        `${r.pages.ttfb.p95} ms (p50 ${r.pages.ttfb.p50}; first visit ${Object.entries(r.pages.firstTtfbMs).map(([p, ms]) => `${p} ${ms}`).join(', ')} ms)`,
        'reported',
        bad.length ? false : true,
        bad.length ? `pages answered ${bad.map(([p, s]) => `${p} ${s}`).join(', ')}` : undefined,
      ),
    );
  }
  return checks;
}

/** The same KPI SQL straight on DuckDB (node API, rows as plain objects), one warm-up pass, then each request once, in order. */
export async function rawLatency(dbPath: string, cases: KpiCase[]): Promise<number[]> {
  const wh = await Warehouse.open(dbPath, { readOnly: true });
  const samples: number[] = [];
  try {
    for (let r = 0; r < 2; r++)
      for (const c of cases) {
        const def = KPI_LIST.find((d) => d.code === c.code)!;
        const { sql, params } = buildKpiSql(def, normaliseRequest(def, c.request));
        const t0 = performance.now();
        (await wh.connection.runAndReadAll(sql, params)).getRowObjects();
        if (r > 0) samples.push(performance.now() - t0);
      }
  } finally {
    wh.close();
  }
  return samples;
}
