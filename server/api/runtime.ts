// GET /api/ops/runtime (admin only): how this serving process is doing, for
// operators and for `npm run bench`, which must measure the real server and
// not a copy of it in its own process:
//  - eventLoop: p50/p99/max of monitorEventLoopDelay over the next
//    `window_ms` milliseconds (default 0 = none; at most 60 s). A fresh
//    histogram per call, so a caller measures exactly the window of its load
//    and nothing needs resetting;
//  - memory: rss now, peak rss (VmHWM, Linux) and the V8 heap;
//  - cache: the KPI result cache's counters (hits, misses, shared in-flight …).
// No data about people; the route guard already limits /api/* to internal
// roles and this handler narrows it to admin.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Request, Response } from 'express';
import { kpiCache } from '../../warehouse/kpi/cache.ts';
import { ApiParamError } from '../../warehouse/kpi/queryString.ts';

const MAX_WINDOW_MS = 60_000;

export interface RuntimeReport {
  pid: number;
  uptimeS: number;
  eventLoop: { windowMs: number; resolutionMs: number; p50: number; p99: number; max: number; samples: number } | null;
  memory: { rssBytes: number; peakRssBytes: number | null; heapUsedBytes: number; externalBytes: number };
  cache: ReturnType<typeof kpiCache.stats>;
}

/** Peak resident set size of this process (Linux /proc VmHWM); null elsewhere. */
export function peakRssBytes(pid: number | 'self' = 'self'): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Event-loop delay over the next windowMs (resolution 5 ms: a sample every 5 ms, a block shows as one long sample). */
export async function eventLoopOver(windowMs: number, resolutionMs = 5): Promise<NonNullable<RuntimeReport['eventLoop']>> {
  const h = monitorEventLoopDelay({ resolution: resolutionMs });
  h.enable();
  await new Promise((r) => setTimeout(r, windowMs));
  h.disable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  return { windowMs, resolutionMs, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), samples: h.count };
}

export async function runtimeReport(req: Request, res: Response): Promise<void> {
  if ((req as Request & { user?: { role?: string } }).user?.role !== 'admin') {
    res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Solo amministratori. / Admins only.' } });
    return;
  }
  const raw = req.query.window_ms ?? '0';
  const windowMs = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(windowMs) || windowMs < 0 || windowMs > MAX_WINDOW_MS)
    throw new ApiParamError('INVALID_WINDOW', `window_ms must be a whole number of milliseconds from 0 to ${MAX_WINDOW_MS}.`);
  const eventLoop = windowMs > 0 ? await eventLoopOver(windowMs) : null;
  const mem = process.memoryUsage();
  const report: RuntimeReport = {
    pid: process.pid,
    uptimeS: Math.round(process.uptime()),
    eventLoop,
    memory: { rssBytes: mem.rss, peakRssBytes: peakRssBytes(), heapUsedBytes: mem.heapUsed, externalBytes: mem.external },
    cache: kpiCache.stats(),
  };
  res.setHeader('Cache-Control', 'no-store');
  res.json(report);
}
