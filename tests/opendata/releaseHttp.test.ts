// Releases over HTTP: each release's files at their stable URL
// (/open-data/releases/<n>/<file>) never change once published; the default
// URLs and the API serve the latest release, ?release=N an earlier one, and a
// `release` value that is not a published release is refused naming the
// parameter, never answered with the latest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishRelease, releaseDir } from '../../warehouse/opendata/index.ts';
import type { TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, type TestServer } from '../security/server.ts';
import { addLatePlacement, seededWarehouse } from './releaseFixture.ts';

const TABLE = 'placements_province_quarter_women';
let t: TempWarehouse;
let server: TestServer;
let openData: string;
let before: Buffer;

const bytesOf = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return Buffer.from(await res.arrayBuffer());
};

beforeAll(async () => {
  t = await seededWarehouse();
  server = await startServer(t);
  openData = server.services.paths.openData;
  await publishRelease(t.wh, server.services.paths, { env: {}, now: new Date('2025-10-31T09:00:00Z') });
  before = await bytesOf(`/open-data/releases/1/${TABLE}.csv`);
  await addLatePlacement(t.wh);
  await publishRelease(t.wh, server.services.paths, { env: {}, now: new Date('2026-01-15T09:00:00Z') });
}, 300_000);
afterAll(async () => {
  await server?.close();
  t?.cleanup();
});

describe('open-data releases over HTTP', () => {
  it("serves release 1's file at its stable URL unchanged after release 2", async () => {
    const after = await bytesOf(`/open-data/releases/1/${TABLE}.csv`);
    expect(after.equals(before)).toBe(true);
    expect(after.equals(readFileSync(join(releaseDir(openData, 1), `${TABLE}.csv`)))).toBe(true);
    // Release 2 did revise this table, so the comparison above can fail.
    expect(after.equals(readFileSync(join(releaseDir(openData, 2), `${TABLE}.csv`)))).toBe(false);
    const res = await fetch(`${server.url}/open-data/releases/1/${TABLE}.csv`);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('serves the latest release by default and release 1 with ?release=1', async () => {
    const latest = await bytesOf(`/open-data/${TABLE}.csv`);
    expect(latest.equals(readFileSync(join(releaseDir(openData, 2), `${TABLE}.csv`)))).toBe(true);
    const first = await bytesOf(`/open-data/${TABLE}.csv?release=1`);
    expect(first.equals(before)).toBe(true);
    const metadata = JSON.parse((await bytesOf('/open-data/releases/2/release.json')).toString('utf8')) as { release: number; notes: { previous: number } };
    expect([metadata.release, metadata.notes.previous]).toEqual([2, 1]);
  });

  it('the API serves the rows of the release asked for', async () => {
    const onDisk = (n: number) => JSON.parse(readFileSync(join(releaseDir(openData, n), `${TABLE}.json`), 'utf8')) as { rows: unknown[] };
    const api = async (q: string) => {
      const res = await fetch(`${server.url}/api/open-data/${TABLE}?format=json${q}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { rows: unknown[] }).rows;
    };
    expect(await api('&release=1')).toEqual(onDisk(1).rows);
    expect(await api('')).toEqual(onDisk(2).rows);
    expect(onDisk(1).rows).not.toEqual(onDisk(2).rows);
  });

  it('refuses a release that is malformed or not published, naming the parameter', async () => {
    for (const q of ['abc', '0', '3', '1.0']) {
      const file = await fetch(`${server.url}/open-data/${TABLE}.csv?release=${q}`);
      expect(file.status, q).toBe(400);
      const text = await file.text();
      expect(text).toContain("Parameter 'release'");
      expect(text).toContain('one of 1, 2');
      const api = await fetch(`${server.url}/api/open-data/${TABLE}?format=json&release=${q}`);
      expect(api.status, q).toBe(400);
      const body = (await api.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('BAD_PARAMETER');
      expect(body.error.message).toContain("Parameter 'release'");
    }
    const missing = await fetch(`${server.url}/open-data/releases/3/${TABLE}.csv`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Release '3' does not exist");
    expect((await fetch(`${server.url}/open-data/releases/1/catalog.jsonld`)).status).toBe(404);
    expect((await fetch(`${server.url}/open-data/releases/1/..%2F..%2Fosservatorio.duckdb`)).status).toBe(404);
  });

  it('the catalogue lists each release of each file as a distribution with its date', async () => {
    const catalog = JSON.parse((await bytesOf('/open-data/catalog.jsonld')).toString('utf8')) as {
      'dcat:dataset': { 'dcat:distribution': { '@id': string; 'dct:issued'?: { '@value': string } }[] }[];
    };
    const dists = catalog['dcat:dataset'].flatMap((d) => d['dcat:distribution']);
    const issued = (n: number) => dists.find((d) => d['@id'].endsWith(`/open-data/releases/${n}/${TABLE}.csv`))?.['dct:issued']?.['@value'];
    expect([issued(1), issued(2)]).toEqual(['2025-10-31', '2026-01-15']);
  });
});
