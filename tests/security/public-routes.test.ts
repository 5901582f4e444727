// Audit of every public route: an anonymous visitor's requests must never
// reach person-level data (core) or the KPI marts — the public sees only the
// protected, published open-data files, the KPI registry's metadata, and
// other administrations' published statistics (core.official_series,
// official_measures, official_datasets: aggregate public figures, never
// about persons), restricted to publications whose mapping allows reuse.
// Every SQL statement the real app (createApp, data API, built SvelteKit
// pages) runs while serving anonymous requests is recorded at the one
// database seam (warehouse/db.ts Session) and checked. Each public rule of
// the route guard must have a sample here, so a newly opened route fails
// this test until someone audits it.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './server.ts';
import { demoTemplate } from '../e2e/harness.ts';
import { Session, Warehouse } from '../../warehouse/db.ts';
import { ROUTE_RULES } from '../../server/routes.ts';
import { OPEN_DATA_FILES, PUBLIC_TABLE_IDS } from '../../warehouse/opendata/index.ts';

const METHODS = ['run', 'rows', 'rowsYielding', 'arrowYielding', 'one', 'scalar', 'arrow'] as const;
type Method = (typeof METHODS)[number];

describe('public routes', () => {
  let dir: string;
  let wh: Warehouse;
  let s: TestServer;
  const statements: string[] = [];
  const originals = new Map<Method, unknown>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oss-public-'));
    cpSync(demoTemplate(), join(dir, 'data'), { recursive: true });
    const dbPath = join(dir, 'data', 'osservatorio.duckdb');
    wh = await Warehouse.open(dbPath);
    s = await startServer(
      { wh, dir, dbPath, cleanup: () => {} },
      { demo: true, pages: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) } },
    );
    // Record, not replace: every statement still runs on the real DuckDB.
    for (const m of METHODS) {
      const original = Session.prototype[m] as (
        this: Session,
        sql: string,
        ...rest: unknown[]
      ) => unknown;
      originals.set(m, original);
      (Session.prototype as unknown as Record<string, unknown>)[m] = function (
        this: Session,
        sql: string,
        ...rest: unknown[]
      ) {
        statements.push(sql);
        return original.call(this, sql, ...rest);
      };
    }
  }, 180_000);
  afterAll(async () => {
    for (const [m, f] of originals)
      (Session.prototype as unknown as Record<string, unknown>)[m] = f;
    await s?.close();
    wh?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // One or more concrete anonymous requests per public rule of the guard.
  const SAMPLES: [string, string][] = [
    ['GET', '/login'],
    ['GET', '/logout'],
    ['POST', '/auth/login'],
    ['POST', '/auth/logout'],
    ['GET', '/auth/me'],
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/open-data'],
    // Official publications offered for reuse: only the official-series tables.
    ['GET', '/open-data/official/mlps_cob_regionale_trimestrale.csv'],
    ['GET', '/open-data/official/not_loaded.csv'],
    ...[...OPEN_DATA_FILES].map((f): [string, string] => ['GET', `/open-data/${f}`]),
    ...PUBLIC_TABLE_IDS.flatMap((id): [string, string][] => [
      ['GET', `/api/open-data/${id}`],
      ['GET', `/api/open-data/${id}?format=json`],
    ]),
    ['GET', '/api/kpis'],
    ['GET', '/methodology'],
    ['GET', '/robots.txt'],
    ['GET', '/favicon.svg'],
  ];

  it('every public rule of the route guard has a sample here', async () => {
    // Assets: one real file of the build and one static folder file, found on disk.
    const app = readdirSync(
      join(
        import.meta.dirname,
        '..',
        '..',
        'dashboard',
        'build',
        'client',
        '_app',
        'immutable',
        'entry',
      ),
    )[0];
    SAMPLES.push(['GET', `/_app/immutable/entry/${app}`]);
    const geo = readdirSync(join(import.meta.dirname, '..', '..', 'dashboard', 'static')).includes(
      'geo',
    )
      ? readdirSync(join(import.meta.dirname, '..', '..', 'dashboard', 'static', 'geo')).find((f) =>
          /^[\w.-]+$/.test(f),
        )
      : undefined;
    SAMPLES.push(['GET', `/geo/${geo ?? 'none.json'}`]);
    for (const rule of ROUTE_RULES.filter((r) => r.access === 'public')) {
      expect(
        SAMPLES.some(([, path]) => rule.pattern.test(path.split('?')[0])),
        `public rule ${rule.pattern} has no sample in tests/security/public-routes.test.ts: audit it and add one`,
      ).toBe(true);
    }
  });

  it('anonymous requests to every public route never query core or the marts', async () => {
    for (const [method, path] of SAMPLES) {
      statements.length = 0;
      const res = await fetch(s.url + path, {
        method,
        redirect: 'manual',
        headers: method === 'POST' ? { origin: s.url, 'content-type': 'application/json' } : {},
        body:
          method === 'POST'
            ? JSON.stringify({ username: 'nobody', password: 'not-a-real-password' })
            : undefined,
      });
      await res.arrayBuffer();
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      // Other administrations' published aggregates may be read; nothing else in core.
      const touched = statements.filter((q) =>
        /\b(core|mart)\s*\.|read_(csv|parquet|json)|attach\b/i.test(
          q.replace(/\bcore\.official_(series|measures|datasets)\b/gi, ''),
        ),
      );
      expect(touched, `${method} ${path}`).toEqual([]);
    }
  });

  it('the public tables are computed from the marts and reference data, never from core', () => {
    const sqlDir = join(import.meta.dirname, '..', '..', 'warehouse', 'opendata', 'sql');
    for (const f of readdirSync(sqlDir)) {
      const sql = readFileSync(join(sqlDir, f), 'utf8').replace(/--.*$/gm, '');
      expect(sql, f).not.toMatch(/\bcore\s*\./i);
    }
  });
});
