// Analyst SQL: one SELECT on a locked-down sandbox process; time, memory,
// result-size and concurrency limits that hold under attack; audit.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, login, type TestServer } from './server.ts';
import { DEMO_USERS } from '../../server/auth/demoUsers.ts';

// Small limits keep the file quick; the memory ceiling leaves room for the constant-folding case to reach the clock.
const LIMITS = { timeoutMs: 1500, rowCap: 1000, maxResultBytes: 1_000_000, memoryMb: 768, concurrency: 2, queueLength: 2, queueTimeoutMs: 30_000 };

/** Resident memory (bytes) of a process, from /proc; 0 once it has gone. */
function rss(pid: number | string): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Pids of this process's children (the sandbox processes). */
function childPids(): string[] {
  const pids: string[] = [];
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    try {
      pids.push(...readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
    } catch {
      // the thread ended meanwhile
    }
  }
  return pids;
}

type ErrorBody = { error: { code: string; message: string } };

describe('analyst SQL', () => {
  let t: TempWarehouse;
  let s: TestServer;
  const cookie: Record<string, string> = {};
  beforeAll(async () => {
    t = await tempWarehouse();
    s = await startServer(t, { demo: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) }, sqlLimits: LIMITS });
    for (const u of DEMO_USERS) cookie[u.role] = await login(s.url, u.username, u.password);
  }, 60_000);
  afterAll(async () => {
    await s.close();
    t.cleanup();
  });

  const sql = (role: string | null, text: string) =>
    fetch(`${s.url}/api/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: s.url, ...(role ? { cookie: cookie[role] } : {}) },
      body: JSON.stringify({ sql: text }),
    });

  it('answers a SELECT or WITH on the snapshot of ref and mart', async () => {
    const res = await sql('analyst', `with p as (select * from ref.provinces where sigla in ('BA','BO')) select sigla, name from p order by sigla -- trailing comment`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { columns: string[]; rows: { sigla: string }[]; truncated: boolean };
    expect(body.columns).toEqual(['sigla', 'name']);
    expect(body.rows.map((r) => r.sigla)).toEqual(['BA', 'BO']);
    expect(body.truncated).toBe(false);
  });

  it('only analysts and admins may use it', async () => {
    expect((await sql(null, 'select 1')).status).toBe(401);
    expect((await sql('funder', 'select 1')).status).toBe(403);
    expect((await sql('director', 'select 1')).status).toBe(403);
    expect((await sql('admin', 'select 1')).status).toBe(200);
  });

  it.each([
    ['two statements', 'select 1; select 2'],
    ['a write', 'create table x as select 1'],
    ['COPY out', `copy (select 1) to '/tmp/osservatorio-sql-canary.csv'`],
    ['reading a file', `select * from read_csv('/etc/passwd')`],
    ['ATTACH', `attach '/tmp/osservatorio-sql-canary.duckdb' as x`],
    ['a setting', 'set enable_external_access = true'],
    ['an extension', 'install httpfs'],
    ['a PRAGMA', 'pragma version'],
    ['escaping the subquery', 'select 1) as q; drop view ref.provinces; select (1'],
    ['a path outside the snapshot', `select * from read_parquet('/etc/passwd')`],
    ['the live database', `select * from core.job_seekers`],
  ])('refuses %s with 400', async (_name, text) => {
    const res = await sql('analyst', text);
    expect(res.status).toBe(400);
    expect(existsSync('/tmp/osservatorio-sql-canary.csv')).toBe(false);
    expect(existsSync('/tmp/osservatorio-sql-canary.duckdb')).toBe(false);
  });

  it('caps rows and stops slow queries', async () => {
    const many = (await (await sql('analyst', 'select * from range(5000)')).json()) as { rows: unknown[]; truncated: boolean };
    expect(many.rows.length).toBe(1000);
    expect(many.truncated).toBe(true);
    const slow = await sql('analyst', 'select count(*) from range(100000000000) a');
    expect(slow.status).toBe(400);
    expect(((await slow.json()) as { error: { code: string } }).error.code).toBe('SQL_TIMEOUT');
    // The sandbox still works after an interrupt.
    expect((await sql('analyst', 'select 42 as x')).status).toBe(200);
  });

  it('counts planning against the time limit: constant folding is cut at the limit', async () => {
    // DuckDB evaluates repeat(…) while preparing the statement, before the old timer started (50 s for a 10 s limit).
    expect((await sql('analyst', 'select 1')).status).toBe(200); // a sandbox is up: its start is not the statement's time
    const started = Date.now();
    const res = await sql('analyst', `select length(repeat('x', 250000000))`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('SQL_TIMEOUT');
    expect(body.error.message).toMatch(/1,500 ms/);
    expect(elapsed).toBeLessThan(LIMITS.timeoutMs + 1500);
  });

  it('cuts off parallel runaway queries, refuses past the queue, and /readyz stays responsive', async () => {
    // Its own server with a longer statement limit: a readiness probe stuck behind a runaway
    // statement would then take seconds, far from what a busy shared CI machine adds to a free one.
    const limits = { ...LIMITS, timeoutMs: 4000 };
    const busy = await startServer(t, { demo: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) }, sqlLimits: limits });
    try {
      const demoAnalyst = DEMO_USERS.find((u) => u.role === 'analyst')!;
      const analyst = await login(busy.url, demoAnalyst.username, demoAnalyst.password);
      const post = (text: string) =>
        fetch(`${busy.url}/api/sql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: busy.url, cookie: analyst },
          body: JSON.stringify({ sql: text }),
        });
      const runaway = async () => {
        const res = await post('select count(*) from range(100000000000) a');
        return { status: res.status, code: ((await res.json()) as ErrorBody).error?.code };
      };
      // Both sandboxes up first: their start (and the snapshot's) is not what this measures.
      expect((await Promise.all([post('select 1'), post('select 2')])).map((r) => r.status)).toEqual([200, 200]);
      // Six at once: two run, two wait in the queue, two are one too many (whichever arrive last).
      const six = Array.from({ length: 6 }, () => runaway());
      let done = false;
      const readiness: number[] = [];
      const probe = (async () => {
        while (!done) {
          const t0 = Date.now();
          const res = await fetch(`${busy.url}/readyz`);
          expect(res.status).toBe(200);
          readiness.push(Date.now() - t0);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const answers = await Promise.all(six);
      done = true;
      await probe;
      expect(answers.filter((a) => a.status === 400 && a.code === 'SQL_TIMEOUT')).toHaveLength(4);
      expect(answers.filter((a) => a.status === 503 && a.code === 'SQL_BUSY')).toHaveLength(2);
      // Two waves of 4 s: dozens of probes. Typically each answers in milliseconds; under 1 s at
      // the 90th percentile, and none waits anywhere near a statement's 4 s.
      expect(readiness.length).toBeGreaterThan(20);
      const sorted = [...readiness].sort((a, b) => a - b);
      expect(sorted[Math.floor(sorted.length * 0.9)]).toBeLessThan(1000);
      expect(sorted.at(-1)).toBeLessThan(limits.timeoutMs / 2);
      // Sandboxes were replaced: the next statement answers.
      expect((await post('select 42 as x')).status).toBe(200);
    } finally {
      await busy.close();
    }
  });

  it('holds the memory ceiling: a statement that needs gigabytes is stopped, the server stays small', async () => {
    const serverBefore = rss(process.pid);
    let sandboxPeak = 0;
    let serverPeak = serverBefore;
    const sampler = setInterval(() => {
      for (const pid of childPids()) sandboxPeak = Math.max(sandboxPeak, rss(pid));
      serverPeak = Math.max(serverPeak, rss(process.pid));
    }, 10);
    try {
      // Fifty 100 MB strings: the old in-process sandbox took the server to 5.67 GB. Which limit
      // stops it first depends on the machine's speed (DuckDB folds the string while planning,
      // the result is far past the byte cap); the kill on the memory ceiling itself is tested
      // in sqlSandboxProcess.test.ts.
      const res = await sql('analyst', `select repeat('x', 100000000) as s from range(50)`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(['SQL_MEMORY_LIMIT', 'SQL_TIMEOUT', 'SQL_RESULT_TOO_LARGE']).toContain(body.error.code);
    } finally {
      clearInterval(sampler);
    }
    expect(serverPeak - serverBefore).toBeLessThan(200 * 1024 * 1024);
    expect(sandboxPeak).toBeGreaterThan(0);
    expect(sandboxPeak).toBeLessThan(1.5 * LIMITS.memoryMb * 1024 * 1024);
  });

  it('refuses a result larger than the byte cap', async () => {
    // 1,000 rows (the row cap) of 2,000 characters: about 2 MB for a 1 MB cap.
    const res = await sql('analyst', `select repeat('x', 2000) as s from range(5000)`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('SQL_RESULT_TOO_LARGE');
    expect(body.error.message).toMatch(/1,000,000 bytes/);
  });

  it.each([
    ['duckdb_settings()', 'select name, value from duckdb_settings()'],
    ['current_setting', `select current_setting('allowed_paths')`],
    ['duckdb_databases()', 'select database_name, path from duckdb_databases()'],
    ['pragma_database_list', 'from pragma_database_list'],
    ['query() around them', `select * from query('select * from duckdb_settings()')`],
  ])('shows no server path: %s is refused', async (_name, text) => {
    const res = await sql('analyst', text);
    expect(res.status).toBe(400);
    const body = JSON.stringify(await res.json());
    expect(body).toContain('SQL_INTROSPECTION');
    for (const path of [t.dir, process.cwd(), homedir(), 'analyst-snapshot']) expect(body).not.toContain(path);
  });

  it('still lists what the snapshot holds', async () => {
    const res = await sql('analyst', `select schema_name, table_name from duckdb_tables() where table_name = 'provinces'`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rows: unknown[] }).rows).toEqual([{ schema_name: 'ref', table_name: 'provinces' }]);
  });

  it('audits every query by hash, never by text', async () => {
    const rows = await t.wh.rows<{ actor: string; outcome: string; target: string; detail: string }>(
      `select actor, outcome, target, detail from ops.audit where action = 'sql'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(rows.some((r) => r.outcome === 'ok' && r.actor === 'demo-analyst')).toBe(true);
    const denied = await t.wh.rows<{ actor: string }>(`select actor from ops.audit where action = 'deny' and target = '/api/sql'`);
    expect(denied.map((r) => r.actor).sort()).toEqual(['demo-director', 'demo-funder']);
    expect(rows.some((r) => r.outcome === 'refused' && r.detail === 'SQL_SINGLE')).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/passwd|range|provinces|httpfs/i);
    for (const r of rows) expect(r.target).toMatch(/^sha256:[0-9a-f]{16}$/);
  });
});
