// End-to-end: the explorer on a real server and Chromium, as an analyst.
// Two group-bys and a filter change the Plot chart, the table and the URL; the
// rows arrive as an Arrow stream decoded in the browser and equal the JSON
// API's; a shared URL restores the view; downloads hold exactly the rows
// shown; the English switch changes the chart's number formats; no console
// errors; axe clean.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { Warehouse } from '../../warehouse/db.ts';
import { tempDir } from '../helpers/warehouse.ts';
import { axeViolations, openPage, useSignedInDemo, type DemoServer } from './harness.ts';

const ARROW = 'application/vnd.apache.arrow.stream';

let server: DemoServer;
let base: string;
let context: BrowserContext;
let cookie: string;

const get = (path: string) => fetch(`${base}${path}`, { headers: { cookie } });

/** The table's rows as the raw values the page got (data-value), keyed by column. */
async function tableRows(page: Page): Promise<Record<string, string>[]> {
  return page.locator('[data-testid=kpi-table] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.col!, td.dataset.value ?? '']))),
  );
}
const asText = (rows: Record<string, unknown>[]) =>
  rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])))).sort();

/** Tick labels of the chart's axes. */
const tickTexts = (page: Page) =>
  page.locator('[data-testid=chart] svg g[data-plot$="tick label"] text').evaluateAll((ts) => ts.map((t) => t.textContent ?? ''));

const demo = useSignedInDemo('demo-analyst');
beforeAll(() => {
  ({ server, context, cookie } = demo);
  base = server.base;
});

describe('explore', () => {
  let url = '';
  let shown: Record<string, string>[] = [];

  it('two group-bys and a filter: the chart, the table and the URL change; rows come as Arrow and equal the JSON API', async () => {
    const { page, problems } = await openPage(context, `${base}/explore?kpi=PL_RATE_6&by=province`);
    const arrow: { url: string; type: string | null }[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/kpi/')) arrow.push({ url: r.url(), type: r.headers()['content-type'] ?? null });
    });
    // First paint: server-rendered Plot chart, one bar per province.
    expect(await page.locator('[data-testid=chart] svg').count()).toBeGreaterThan(0);
    const before = await tableRows(page);
    expect(before.length).toBeGreaterThan(1);
    expect(Object.keys(before[0])).not.toContain('gender');

    await page.getByTestId('by-2').selectOption('gender');
    await page.getByTestId('filter-add').selectOption('province');
    await page.getByTestId('filter-values-province').selectOption(['272', '237']); // Bari, Bologna
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await Promise.all([page.waitForURL(/where=/), page.getByTestId('apply').click()]);
    await page.locator('[data-testid=explore-result][aria-busy=false]').waitFor();
    await expect.poll(() => page.getByTestId('explore-result').getAttribute('data-key')).toContain('gender');

    url = page.url();
    const params = new URL(url).searchParams;
    expect(params.get('kpi')).toBe('PL_RATE_6');
    expect(params.get('by')).toBe('province,gender');
    expect(params.get('where')).toBe('province:237|272');

    // The rows came from the data API as an Arrow stream (no full page load).
    const hit = arrow.find((a) => a.url.includes('/api/kpi/PL_RATE_6?') && a.url.includes('gender'));
    expect(hit?.type).toBe(ARROW);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    shown = await tableRows(page);
    expect(new Set(shown.map((r) => r.province))).toEqual(new Set(['237', '272']));
    expect(shown.some((r) => r.gender === 'F')).toBe(true);
    const json = (await (await get(`/api/kpi/PL_RATE_6?${new URL(hit!.url).search.slice(1)}&format=json`)).json()) as { rows: Record<string, unknown>[] };
    expect(asText(shown)).toEqual(asText(json.rows));

    // The chart is a Plot SVG of the new rows: a legend (second dimension) and one bar per row with a value.
    const chart = page.getByTestId('chart');
    expect(await chart.locator('svg').count()).toBeGreaterThan(1);
    expect(await chart.locator('[role=img]').getAttribute('aria-label')).toBeTruthy();
    const bars = await chart.locator('g[data-plot=bar] rect').count();
    expect(bars).toBe(json.rows.filter((r) => typeof r.employment_rate === 'number').length);
    expect(await chart.innerText()).toContain('Donna');

    // The mark switch: line, then table (no chart), kept in the URL.
    await Promise.all([page.waitForURL(/view=line/), page.getByTestId('view').selectOption('line')]);
    await expect.poll(() => chart.locator('g[data-plot=line]').count()).toBe(1);
    await Promise.all([page.waitForURL(/view=table/), page.getByTestId('view').selectOption('table')]);
    await expect.poll(() => page.getByTestId('chart').count()).toBe(0);
    expect(await tableRows(page)).toEqual(shown);
    url = page.url();

    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a change made in the page keeps the data date and marks the partial last quarter', async () => {
    const { page, problems } = await openPage(context, `${base}/explore?kpi=MM_VAC&by=province`);
    // The marts' as-of date as the data API gives it (YYYY-MM-DD), written as a person reads it.
    const asOf = ((await (await get('/api/kpi/MM_VAC?format=json')).json()) as { asOf: string }).asOf.split('-').reverse().join('/');
    expect(await page.locator('.asof').innerText()).toBe(`Dati al ${asOf}`);

    await page.getByTestId('by').selectOption('quarter');
    await Promise.all([page.waitForURL(/by=quarter/), page.getByTestId('apply').click()]);
    await expect.poll(() => page.getByTestId('explore-result').getAttribute('data-key')).toBe('MM_VAC?by=quarter');
    // The rows came as Arrow, without a date of their own: the page still dates them and marks the partial quarter.
    expect(await page.locator('.asof').innerText()).toBe(`Dati al ${asOf}`);
    const [, month, year] = asOf.split('/').map(Number);
    const quarter = Math.ceil(month / 3);
    const partial = await page.getByTestId('partial-period').innerText();
    expect(partial).toContain(`i dati arrivano al ${asOf}`);
    expect(partial).toContain(`Periodo parziale (${['I', 'II', 'III', 'IV'][quarter - 1]} trim. ${year})`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a shared URL restores the view (server-rendered)', async () => {
    const { page, problems } = await openPage(context, url);
    expect(await page.getByTestId('kpi').inputValue()).toBe('PL_RATE_6');
    expect(await page.getByTestId('by').inputValue()).toBe('province');
    expect(await page.getByTestId('by-2').inputValue()).toBe('gender');
    expect(await page.getByTestId('view').inputValue()).toBe('table');
    const picked = await page.getByTestId('filter-values-province').evaluate((s: HTMLSelectElement) => [...s.selectedOptions].map((o) => o.value).sort());
    expect(picked).toEqual(['237', '272']);
    expect(asText(await tableRows(page))).toEqual(asText(shown));
    // Back in a chart mode the Plot chart is there again.
    await Promise.all([page.waitForURL(/view=bar/), page.getByTestId('view').selectOption('bar')]);
    await expect.poll(() => page.locator('[data-testid=chart] g[data-plot=bar] rect').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('downloads (XLSX, Parquet) hold exactly the rows shown', async () => {
    // The CSV is built in the page from the table itself: download-table.test.ts compares it cell by cell.
    const { page, problems } = await openPage(context, url);
    const href = (await page.locator('a', { hasText: 'Parquet' }).first().getAttribute('href'))!;
    expect(href).toContain('where=province');

    const xlsxHref = (await page.locator('a', { hasText: 'XLSX' }).first().getAttribute('href'))!;
    expect(xlsxHref).toContain('where=province');
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load(Buffer.from(await (await get(xlsxHref)).arrayBuffer()) as never);
    const sheet = xlsx.worksheets[0];
    expect(sheet.rowCount - 1).toBe(shown.length);
    const cells = new Set<string>();
    for (let i = 2; i <= sheet.rowCount; i++) for (const v of (sheet.getRow(i).values as unknown[]).slice(1)) cells.add(String(v));
    for (const r of shown) expect(cells).toContain(r.province);

    const parquetRes = await get(href);
    expect(parquetRes.status).toBe(200);
    const dir = tempDir('oss-explore-parquet-');
    const file = join(dir, 'rows.parquet');
    (await import('node:fs')).writeFileSync(file, Buffer.from(await parquetRes.arrayBuffer()));
    const wh = await Warehouse.open(join(dir, 'read.duckdb'));
    try {
      const rows = await wh.rows<Record<string, unknown>>(`select * from read_parquet($1)`, [file]);
      expect(asText(rows)).toEqual(asText(shown));
    } finally {
      wh.close();
      (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the English switch changes the chart’s number formats', async () => {
    const { page, problems } = await openPage(context, `${base}/explore?kpi=SP_STAGE&view=bar&lang=it`);
    // Changed in the page (no reload), then switched: the link follows the address bar.
    await page.getByTestId('by').selectOption('programme');
    await Promise.all([page.waitForURL(/by=programme/), page.getByTestId('apply').click()]);
    await expect.poll(() => page.getByTestId('explore-result').getAttribute('data-key')).toBe('SP_STAGE?by=programme');
    const it = await tickTexts(page);
    expect(it.some((t) => /\d\s€$/.test(t))).toBe(true); // 200.000 € / 1,2 Mln €
    await Promise.all([page.waitForURL(/lang=en/), page.getByTestId('lang-switch').click()]);
    await page.locator('[data-testid=chart] svg').first().waitFor();
    const en = await tickTexts(page);
    expect(en.some((t) => /^€\d/.test(t))).toBe(true); // €200,000 / €1.2M
    expect(en).not.toEqual(it);
    // The view survives the switch (the link is built from the current URL).
    expect(await page.getByTestId('kpi').inputValue()).toBe('SP_STAGE');
    expect(new URL(page.url()).searchParams.get('by')).toBe('programme');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
