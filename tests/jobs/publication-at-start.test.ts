// `osservatorio serve` on a warehouse whose marts or open data lag behind:
// loaded by `osservatorio demo` without a refresh (pages answered 500 on the
// missing marts, the catalogue 404 until the nightly job), or with marts that
// caught up without a publication (the API kept an old mart version). The
// server brings both up to date before its first request, and every
// successful refresh republishes open data in the same run.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../jobs/runner.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { listReleases, publishedMartVersion } from '../../warehouse/opendata/index.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { tempDir } from '../helpers/warehouse.ts';
import { cli, startServeProcess, type ServerProcess } from './helpers.ts';

const CUP = 'F31D23000140007';
const TABLE = 'placements_province_quarter_women';
const dataDir = tempDir('osservatorio-publication-');
const paths = resolveDataPaths({ dataDir });
const servers: ServerProcess[] = [];
afterAll(() => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function serve(): Promise<ServerProcess> {
  const s = await startServeProcess(dataDir, ['--demo']);
  servers.push(s);
  return s;
}

async function apiMartVersion(s: ServerProcess): Promise<number> {
  const res = await fetch(`${s.info.url}/api/open-data/${TABLE}?format=json`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { martVersion: number }).martVersion;
}

function latestReleaseMartVersion(): number {
  const releases = listReleases(paths.openData);
  expect(releases.length).toBeGreaterThan(0);
  return releases[releases.length - 1].martVersion;
}

async function stop(s: ServerProcess): Promise<void> {
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
}

async function martVersion(): Promise<number> {
  const wh = await Warehouse.open(paths.db, { readOnly: true });
  try {
    return Number(await wh.scalar(`select version from mart.refresh_info`));
  } finally {
    wh.close();
  }
}

async function analystCookie(base: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username: 'demo-analyst', password: 'demo-analyst-password' }),
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

describe('serve brings marts and open data up to date', () => {
  it('on a demo loaded without a refresh: the project page answers, the catalogue is published', async () => {
    const demo = await cli(['demo', '--scale', '0.03', '--data-dir', dataDir]);
    expect(demo.code, demo.stderr).toBe(0);
    const wh = await Warehouse.open(paths.db, { readOnly: true });
    try {
      expect(await wh.scalar(`select count(*) from ops.loads where status = 'loaded'`)).toBeGreaterThan(0);
      expect(
        await wh.scalar(`select count(*) from information_schema.tables where table_schema = 'mart'`),
      ).toBe(0);
    } finally {
      wh.close();
    }

    const s = await serve();
    const cookie = await analystCookie(s.info.url);
    const page = await fetch(`${s.info.url}/projects/${CUP}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(CUP);
    const api = await fetch(`${s.info.url}/api/kpi/SP_CPP?format=json&where=project:${CUP}`, {
      headers: { cookie, origin: s.info.url },
    });
    expect(api.status).toBe(200);
    const catalog = await fetch(`${s.info.url}/open-data/catalog.jsonld`);
    expect(catalog.status).toBe(200);
    expect(publishedMartVersion(paths)).toBe(1);
    await stop(s);
  }, 240_000);

  it('republishes at start when the marts moved on without a publication', async () => {
    const wh = await Warehouse.open(paths.db);
    try {
      await refreshMarts(wh);
      await refreshMarts(wh);
    } finally {
      wh.close();
    }
    expect(publishedMartVersion(paths)).toBe(1);
    const s = await serve();
    expect(publishedMartVersion(paths)).toBe(3);
    // The unnumbered API serves the latest release (frozen on its calendar date), not the tables in preparation.
    expect(await apiMartVersion(s)).toBe(latestReleaseMartVersion());
    await stop(s);
    expect(await martVersion()).toBe(3);
  }, 120_000);

  it('publishes open data after every successful refresh, whatever started it', async () => {
    const s = await serve();
    const { status, body } = await s.api<{ run: RunReport }>('POST', '/api/jobs/marts/run');
    expect(status).toBe(200);
    expect(body.run.status).toBe('ok');
    expect(body.run.followUps.map((f) => [f.job, f.status, f.trigger])).toEqual([['open-data', 'ok', 'manual'], ['alerts', 'ok', 'manual']]);
    expect(publishedMartVersion(paths)).toBe(4);
    expect(await apiMartVersion(s)).toBe(latestReleaseMartVersion());
    await stop(s);
    expect(await martVersion()).toBe(4);
    expect(publishedMartVersion(paths)).toBe(4);
  }, 120_000);
});
