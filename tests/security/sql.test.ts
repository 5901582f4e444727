// Analyst SQL: one SELECT on a locked-down sandbox, time limit, row cap, audit.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, login, type TestServer } from './server.ts';
import { DEMO_USERS } from '../../server/auth/demoUsers.ts';

describe('analyst SQL', () => {
  let t: TempWarehouse;
  let s: TestServer;
  const cookie: Record<string, string> = {};
  beforeAll(async () => {
    t = await tempWarehouse();
    s = await startServer(t, { demo: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) }, sqlLimits: { timeoutMs: 300, rowCap: 1000 } });
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
