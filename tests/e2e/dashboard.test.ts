// End-to-end: one real server (`osservatorio serve --demo`) on a small demo,
// one Chromium for the whole file. Every page renders without console errors
// or failed requests and passes axe (no serious/critical); filters change the
// URL and a shared URL restores the view; downloads hold exactly the rows
// shown; English switch; the data API's Arrow = JSON = CSV. Screenshots of
// every page at 1280 and 375 px go to tests/artifacts/screens/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { tableFromIPC } from 'apache-arrow';
import axe from 'axe-core';
import ExcelJS from 'exceljs';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'cli', 'osservatorio.js');
const SHOTS = join(ROOT, 'tests', 'artifacts', 'screens');
const PAGES = ['/', '/mismatch', '/placements', '/spend', '/programmes/PNRR-M5C1-I1.1-GOL', '/projects/F31D23000140007', '/explore', '/open-data', '/methodology'];

let dataDir: string;
let server: ChildProcess;
let base: string;
let browser: Browser;
let context: BrowserContext;
let cookie: string;

function cli(...args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`osservatorio ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
}

async function login(user: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    body: new URLSearchParams({ username: user, password: `${user}-password`, next: '/' }),
    redirect: 'manual',
  });
  const set = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  expect(set.length).toBeGreaterThan(0);
  return set.join('; ');
}

const get = (path: string) => fetch(`${base}${path}`, { headers: { cookie } });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'oss-e2e-'));
  cli('init');
  cli('demo', '--scale', '0.03');
  cli('marts', 'refresh');
  cli('jobs', 'run', 'open-data');
  server = spawn(process.execPath, [CLI, 'serve', '--demo', '--no-scheduler', '--port', '0', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 90_000);
    server.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.stderr!.resume();
    server.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  cookie = await login('demo-director');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ acceptDownloads: true });
  const [name, ...rest] = cookie.split('; ')[0].split('=');
  await context.addCookies(cookie.split('; ').map((c) => {
    const i = c.indexOf('=');
    return { name: c.slice(0, i), value: c.slice(i + 1), url: base };
  }));
  void name;
  void rest;
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // A download link ends its navigation with ERR_ABORTED by design: not a failure.
  page.on('requestfailed', (r) => {
    if (!/\/api\/kpi\/\w+\.(csv|xlsx|parquet)/.test(r.url())) problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  return { page, problems };
}

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over CDP (not a <script>), so the page's CSP stays in force.
  await page.evaluate(`${axe.source};void 0`);
  const result = (await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run())) as axe.AxeResults;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

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
    const url = page.url();
    expect(url).toContain('kpi=MM_VAC');
    expect(url).toContain('view=table');
    const shownRows = await page.locator('main table tbody tr').count();
    expect(shownRows).toBeGreaterThan(1);
    expect(await page.locator('main svg.chart').count()).toBe(0);

    const shared = await context.newPage();
    await shared.goto(url, { waitUntil: 'networkidle' });
    expect(await shared.getByTestId('by').inputValue()).toBe('province');
    expect(await shared.locator('main table tbody tr').count()).toBe(shownRows);
    await shared.close();

    const csvHref = await page.locator('a', { hasText: 'CSV' }).first().getAttribute('href');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'CSV' }).first().click()]);
    const csvPath = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(csvPath, 'utf8').trim().split(/\r?\n/);
    expect(csv.length - 1).toBe(shownRows);
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load(Buffer.from(await (await get(csvHref!.replace('.csv', '.xlsx'))).arrayBuffer()) as never);
    expect(xlsx.worksheets[0].rowCount - 1).toBe(shownRows);
    const parquet = await get(csvHref!.replace('.csv', '.parquet'));
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

  it('bad parameters are a 400 with a stable JSON code', async () => {
    const bad = await get('/api/kpi/MM_VAC?by=shoe_size&format=json');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_DIMENSION');
    const where = await get('/api/kpi/MM_VAC?where=province&format=json');
    expect(where.status).toBe(400);
    expect(((await where.json()) as { error: { code: string } }).error.code).toBe('INVALID_WHERE');
    const fmt = await get('/api/kpi/MM_VAC?format=yaml');
    expect(fmt.status).toBe(400);
  });

  it('lists KPIs and dimension values', async () => {
    const kpis = (await (await get('/api/kpis')).json()) as { code: string }[];
    expect(kpis.map((k) => k.code)).toContain('SP_PAID');
    const prov = (await (await get('/api/dimensions/province')).json()) as { value: string }[];
    expect(prov.length).toBeGreaterThan(0);
    expect((await get('/api/dimensions/nope')).status).toBe(400);
  });
});
