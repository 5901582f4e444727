// The data API's Arrow answers go through the result cache, on a real
// `serve --demo` signed in through /auth/login: concurrent identical requests
// share one query, a repeat is a hit, the bytes are the Arrow of the same rows
// as JSON, and /api/ops/runtime (what npm run bench reads) is admin-only.
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeReport } from '../../server/api/runtime.ts';
import { loginCookie, startDemoServer, type DemoServer } from '../e2e/harness.ts';

describe('data API cache and runtime report', () => {
  let server: DemoServer;
  let analyst: string;
  let admin: string;
  beforeAll(async () => {
    server = await startDemoServer();
    analyst = await loginCookie(server.base, 'demo-analyst');
    admin = await loginCookie(server.base, 'demo-admin');
  }, 180_000);
  afterAll(() => server?.stop());

  const runtime = async (windowMs = 0): Promise<RuntimeReport> => {
    const res = await fetch(`${server.base}/api/ops/runtime?window_ms=${windowMs}`, { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    return (await res.json()) as RuntimeReport;
  };

  it('Arrow for an internal role: one query for concurrent identical requests, then hits', async () => {
    const url = `${server.base}/api/kpi/PL_QUAL?by=region,year`;
    const before = (await runtime()).cache;
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(url, { headers: { cookie: analyst } })));
    for (const a of answers) expect(a.status).toBe(200);
    const bodies = await Promise.all(answers.map(async (a) => Buffer.from(await a.arrayBuffer())));
    for (const b of bodies) expect(b.equals(bodies[0]!)).toBe(true);
    const mid = (await runtime()).cache;
    expect(mid.misses - before.misses).toBe(1);
    expect(mid.shared - before.shared + (mid.hits - before.hits)).toBe(5);

    const again = await fetch(url, { headers: { cookie: analyst } });
    expect(Buffer.from(await again.arrayBuffer()).equals(bodies[0]!)).toBe(true);
    const after = (await runtime()).cache;
    expect(after.hits - mid.hits).toBe(1);
    expect(after.misses).toBe(mid.misses);

    // The same rows as the JSON answer.
    const json = (await (await fetch(`${url}&format=json`, { headers: { cookie: analyst } })).json()) as { rows: Record<string, unknown>[] };
    const table = tableFromIPC(bodies[0]!);
    expect(table.numRows).toBe(json.rows.length);
    expect(json.rows.length).toBeGreaterThan(0);
    const first = table.get(0)!.toJSON() as Record<string, unknown>;
    expect(first.region).toBe(json.rows[0]!.region);
    expect(Number(first.placements)).toBe(json.rows[0]!.placements);
  });

  it('an Arrow answer, sent in the pieces it was encoded in, is whole: its length as announced and the JSON answer’s rows', async () => {
    const url = `${server.base}/api/kpi/PL_QUAL?by=comune,month,contract_type,age_band`;
    const res = await fetch(url, { headers: { cookie: analyst } });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    const table = tableFromIPC(body);
    expect(table.numRows).toBeGreaterThan(500);
    const json = (await (await fetch(`${url}&format=json`, { headers: { cookie: analyst } })).json()) as { rows: Record<string, unknown>[] };
    expect(table.numRows).toBe(json.rows.length);
    const key = (r: Record<string, unknown>) => `${String(r.comune)}|${String(r.month)}|${String(r.contract_type)}|${String(r.age_band)}|${Number(r.placements)}`;
    expect(table.toArray().map((r) => key(r.toJSON() as Record<string, unknown>))).toEqual(json.rows.map(key));
  });

  it('concurrent distinct answers on the shared connection are each complete (Arrow and JSON)', async () => {
    const url = (from: string, format: string) => `${server.base}/api/kpi/PL_QUAL?by=comune,month,contract_type&from=${from}&format=${format}`;
    const froms = ['2019-01', '2019-02', '2019-03'];
    const expected: number[] = [];
    for (const f of froms) expected.push(((await (await fetch(url(f, 'json'), { headers: { cookie: analyst } })).json()) as { rows: unknown[] }).rows.length);
    expect(Math.min(...expected)).toBeGreaterThan(10);
    const other = ['2019-04', '2019-05', '2019-06'];
    const [arrows, jsons] = await Promise.all([
      Promise.all(froms.map(async (f) => tableFromIPC(Buffer.from(await (await fetch(url(f, 'arrow'), { headers: { cookie: analyst } })).arrayBuffer())).numRows)),
      Promise.all(other.map(async (f) => ((await (await fetch(url(f, 'json'), { headers: { cookie: analyst } })).json()) as { rows: unknown[] }).rows.length)),
    ]);
    expect(arrows).toEqual(expected);
    // The same rows through another cache entry (a `to` after every placement), asked one at a time.
    const sequential: number[] = [];
    for (const f of other) sequential.push(((await (await fetch(`${url(f, 'json')}&to=2099-12`, { headers: { cookie: analyst } })).json()) as { rows: unknown[] }).rows.length);
    expect(jsons).toEqual(sequential);
  });

  it('a funder’s Arrow stays narrowed to its scope (cached as rows, by scope)', async () => {
    const funder = await loginCookie(server.base, 'demo-funder');
    const res = await fetch(`${server.base}/api/kpi/SP_PAID?by=project`, { headers: { cookie: funder } });
    expect(res.status).toBe(200);
    const projects = tableFromIPC(Buffer.from(await res.arrayBuffer())).getChild('project')!.toArray() as string[];
    expect(projects.length).toBeGreaterThan(0);
    expect(new Set(projects)).toEqual(new Set(['F31D23000140007']));
    const all = tableFromIPC(Buffer.from(await (await fetch(`${server.base}/api/kpi/SP_PAID?by=project`, { headers: { cookie: analyst } })).arrayBuffer()));
    expect(all.numRows).toBeGreaterThan(projects.length);
  });

  it('/api/ops/runtime: event loop over a window, memory, cache; admin only', async () => {
    const r = await runtime(200);
    expect(r.eventLoop?.windowMs).toBe(200);
    expect(r.eventLoop!.p99).toBeGreaterThan(0);
    expect(r.memory.rssBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(r.memory.peakRssBytes).toBeGreaterThanOrEqual(r.memory.rssBytes);
    expect((await fetch(`${server.base}/api/ops/runtime`, { headers: { cookie: analyst } })).status).toBe(403);
    expect((await fetch(`${server.base}/api/ops/runtime`)).status).toBe(401);
    const bad = await fetch(`${server.base}/api/ops/runtime?window_ms=999999`, { headers: { cookie: admin } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_WINDOW');
  });
});
