// End-to-end: one real server (`osservatorio serve --demo`) on a small demo,
// one Chromium for the whole file. Every page renders without console errors
// or failed requests and passes axe (no serious/critical); filters change the
// URL and a shared URL restores the view; downloads hold exactly the rows
// shown; English switch; the data API's Arrow = JSON = CSV. Screenshots of
// every page at 1280 and 375 px go to tests/artifacts/screens/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import { Warehouse } from '../../warehouse/db.ts';
import { PARQUET_ROWS_PER_INSERT } from '../../server/api/export.ts';
import { SHOTS, axeViolations, openPage, useSignedInDemo, type DemoServer } from './harness.ts';

const PAGES = ['/', '/mismatch', '/placements', '/spend', '/programmes/PNRR-M5C1-I1.1-GOL', '/projects/F31D23000140007', '/explore', '/open-data', '/methodology', '/operations'];

let server: DemoServer;
let base: string;
let context: BrowserContext;
let cookie: string;

const get = (path: string) => fetch(`${base}${path}`, { headers: { cookie } });
const open = (path: string): Promise<{ page: Page; problems: string[] }> => openPage(context, `${base}${path}`);

// /operations is for directors and admins: the director sees every page.
const demo = useSignedInDemo('demo-director');
beforeAll(() => {
  ({ server, context, cookie } = demo);
  base = server.base;
  mkdirSync(SHOTS, { recursive: true });
});

describe('dashboard pages', () => {
  it('every page renders without errors, passes axe, and is screenshotted at 1280 and 375 px', async () => {
    for (const path of PAGES) {
      const { page, problems } = await open(path);
      expect(problems, path).toEqual([]);
      expect(await page.locator('html').getAttribute('lang')).toBe('it');
      expect(await page.locator('main#main h1').count(), path).toBe(1);
      expect(await page.getByTestId('demo-banner').count(), path).toBe(1);
      expect(await axeViolations(page), path).toEqual([]);
      const slug = path === '/' ? 'overview' : path.slice(1).replaceAll('/', '_');
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: join(SHOTS, `${slug}-1280.png`), fullPage: true });
      await page.setViewportSize({ width: 375, height: 800 });
      await page.screenshot({ path: join(SHOTS, `${slug}-375.png`) });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways at 375 px`).toBeLessThanOrEqual(1);
      await page.close();
    }
  }, 240_000);

  it('the project page shows the real public figures of CUP F31D23000140007', async () => {
    const { page } = await open('/projects/F31D23000140007');
    const stages = (await page.getByTestId('stages').innerText()).replace(/\s/g, ' ');
    expect(stages).toContain('605.305,62 €');
    expect(stages).toContain('4.000.000,00 €');
    await page.close();
  });

  it('explore: filters change the URL, a shared URL restores the view, downloads hold the rows shown', async () => {
    const { page, problems } = await open('/explore');
    await page.getByTestId('kpi').selectOption('MM_VAC');
    await page.getByTestId('by').selectOption('province');
    await page.getByTestId('view').selectOption('table');
    await Promise.all([page.waitForURL(/by=province/), page.getByTestId('apply').click()]);
    // The rows for the new URL arrive as Arrow after the navigation.
    await expect.poll(() => page.getByTestId('explore-result').getAttribute('data-key')).toBe('MM_VAC?by=province');
    const url = page.url();
    expect(url).toContain('kpi=MM_VAC');
    expect(url).toContain('view=table');
    const shownRows = await page.locator('main table tbody tr').count();
    expect(shownRows).toBeGreaterThan(1);
    expect(await page.locator('main [data-testid=chart]').count()).toBe(0);

    const shared = await context.newPage();
    await shared.goto(url, { waitUntil: 'networkidle' });
    expect(await shared.getByTestId('by').inputValue()).toBe('province');
    expect(await shared.locator('main table tbody tr').count()).toBe(shownRows);
    await shared.close();

    // The CSV is built in the browser from the table shown; XLSX and Parquet come from the server.
    const xlsxHref = await page.locator('a', { hasText: 'XLSX' }).first().getAttribute('href');
    const parquetHref = await page.locator('a', { hasText: 'Parquet' }).first().getAttribute('href');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'CSV' }).first().click()]);
    const csvPath = await download.path();
    const csv = readFileSync(csvPath, 'utf8').trim().split(/\r?\n/);
    expect(csv.length - 1).toBe(shownRows);
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load(Buffer.from(await (await get(xlsxHref!)).arrayBuffer()) as never);
    expect(xlsx.worksheets[0].rowCount - 1).toBe(shownRows);
    const parquet = await get(parquetHref!);
    expect(parquet.status).toBe(200);
    expect(Buffer.from(await parquet.arrayBuffer()).subarray(0, 4).toString()).toBe('PAR1');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the English switch changes labels, the lang attribute and number formats', async () => {
    const { page } = await open('/');
    expect(await page.locator('h1').innerText()).toBe('Sintesi');
    await Promise.all([page.waitForURL(/lang=en/), page.getByTestId('lang-switch').click()]);
    expect(await page.locator('h1').innerText()).toBe('Overview');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // The cookie keeps the choice on the next page without ?lang.
    await page.goto(`${base}/methodology`);
    expect(await page.locator('h1').innerText()).toBe('Methodology');
    await page.close();
  });
});

describe('data API', () => {
  it('Arrow stream by default equals JSON and the CSV download', async () => {
    const q = 'by=province&where=province:077|076';
    const arrowRes = await get(`/api/kpi/MM_VAC?${q}`);
    expect(arrowRes.status).toBe(200);
    expect(arrowRes.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await arrowRes.arrayBuffer()));
    const json = (await (await get(`/api/kpi/MM_VAC?${q}&format=json`)).json()) as { rows: Record<string, unknown>[]; columns: { name: string }[] };
    expect(table.numRows).toBe(json.rows.length);
    expect(json.rows.length).toBeGreaterThan(0);
    const arrowRows = table.toArray().map((r) => {
      const o = r.toJSON() as Record<string, unknown>;
      return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
    });
    const byProv = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.province).localeCompare(String(b.province)));
    expect(byProv(arrowRows).map((r) => [r.province, r.vacancies])).toEqual(byProv(json.rows).map((r) => [r.province, r.vacancies]));
    const csv = (await (await get(`/api/kpi/MM_VAC.csv?${q}`)).text()).trim().split(/\r?\n/);
    expect(csv.length - 1).toBe(json.rows.length);
    expect(csv[0].replace('\ufeff', '').split(',')).toEqual(json.columns.map((c) => c.name));
  });

  it('a large Parquet download holds every row of the JSON answer (written many rows per statement)', async () => {
    const q = 'by=comune,month,contract_type';
    const json = (await (await get(`/api/kpi/PL_QUAL?${q}&format=json`)).json()) as { rows: Record<string, unknown>[]; columns: { name: string; type: string }[] };
    expect(json.rows.length).toBeGreaterThan(PARQUET_ROWS_PER_INSERT); // several insert statements
    const measure = json.columns.find((c) => c.type === 'measure')!.name;
    const dir = mkdtempSync(join(tmpdir(), 'oss-e2e-parquet-'));
    const file = join(dir, 'rows.parquet');
    writeFileSync(file, Buffer.from(await (await get(`/api/kpi/PL_QUAL.parquet?${q}`)).arrayBuffer()));
    const wh = await Warehouse.open(':memory:');
    try {
      const got = await wh.one<{ n: number; total: number }>(`select count(*)::int as n, coalesce(sum(${JSON.stringify(measure)}), 0)::double as total from read_parquet($1)`, [file]);
      expect(got?.n).toBe(json.rows.length);
      expect(got?.total).toBeCloseTo(json.rows.reduce((a, r) => a + Number(r[measure] ?? 0), 0), 6);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad parameters are a 400 with a stable JSON code', async () => {
    const bad = await get('/api/kpi/MM_VAC?by=shoe_size&format=json');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_DIMENSION');
    const where = await get('/api/kpi/MM_VAC?where=province&format=json');
    expect(where.status).toBe(400);
    expect(((await where.json()) as { error: { code: string } }).error.code).toBe('INVALID_WHERE');
    const fmt = await get('/api/kpi/MM_VAC?format=yaml');
    expect(fmt.status).toBe(400);
    // A parameter the API does not know is refused, not ignored (it would look like an applied filter).
    for (const url of ['/api/kpi/MM_VAC?province=272&format=json', '/api/kpi/MM_VAC.csv?project=F31D23000140007']) {
      const unknown = await get(url);
      expect(unknown.status, url).toBe(400);
      expect(((await unknown.json()) as { error: { code: string } }).error.code, url).toBe('UNKNOWN_PARAMETER');
    }
  });

  it('lists KPIs and dimension values', async () => {
    const kpis = (await (await get('/api/kpis')).json()) as { code: string }[];
    expect(kpis.map((k) => k.code)).toContain('SP_PAID');
    const prov = (await (await get('/api/dimensions/province')).json()) as { value: string }[];
    expect(prov.length).toBeGreaterThan(0);
    expect((await get('/api/dimensions/nope')).status).toBe(400);
  });
});
