// End-to-end: the open-data page lists the demo's two releases — number,
// date, provisional and final periods, and what changed and why — in
// Italian, opens release 1 with downloads of release 1, and refuses a
// `release` that is not a published release with a page naming the parameter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { Warehouse } from '../../warehouse/db.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { ensureDemoReleases } from '../../demo/releases.ts';
import type { ReleaseInfo } from '../../warehouse/opendata/index.ts';
import { formatPeriod } from '../../dashboard/src/lib/labels/format.ts';
import { axeViolations, launchBrowser, openPage, realProblems, startDemoServer, type DemoServer } from './harness.ts';

let server: DemoServer;
let browser: Browser;
let context: BrowserContext;
const release = (n: number) => JSON.parse(readFileSync(join(server.dataDir, 'open-data', 'releases', String(n), 'release.json'), 'utf8')) as ReleaseInfo;
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

beforeAll(async () => {
  // The demo preparation of `npm start`: release 1, a late placement, release 2.
  server = await startDemoServer([], async (dataDir) => {
    const paths = resolveDataPaths({ dataDir });
    const wh = await Warehouse.open(paths.db);
    try {
      await ensureDemoReleases(wh, paths);
    } finally {
      wh.close();
    }
  });
  browser = await launchBrowser();
  context = await browser.newContext();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('open-data releases on the page', () => {
  it('lists release 1 and release 2 with what changed, in Italian', async () => {
    const { page, problems } = await openPage(context, `${server.base}/open-data`);
    expect(realProblems(problems)).toEqual([]);
    const [r1, r2] = [release(1), release(2)];
    const second = page.getByTestId('release-2');
    expect(await second.locator('h3').innerText()).toBe(`Rilascio 2 del ${ddmmyyyy(r2.date)} (ultimo)`);
    expect(await page.getByTestId('release-1').locator('h3').innerText()).toBe(`Rilascio 1 del ${ddmmyyyy(r1.date)}`);
    const notes = await page.getByTestId('release-notes-2').locator('li').allInnerTexts();
    expect(notes).toEqual(r2.text.it);
    expect(notes.join(' ')).toContain('Rispetto al rilascio 1');
    expect(notes.join(' ')).toContain('Perché: dati arrivati dopo il rilascio precedente (inserimenti lavorativi: 1 file, 1 riga)');
    expect(notes[0]).toMatch(/^Rispetto al rilascio 1: dati aggiornati (sempre al \d{2}\/\d{2}\/\d{4}|al \d{2}\/\d{2}\/\d{4} \(prima al \d{2}\/\d{2}\/\d{4}\))\.$/);
    expect(notes.join(' ')).toMatch(/cell[ae] rivist[ae] \(.*→/);
    expect(await page.getByTestId('release-notes-1').innerText()).toContain('Primo rilascio');
    const section = await page.getByTestId('releases').innerText();
    expect(section).toContain('Periodi provvisori');
    expect(section).toContain('Periodi definitivi');
    expect(section).toMatch(/trimestre \d{4}/);
    expect(section).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{4}-Q\d|provisional|final\b/);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it('opens release 1: the page says so and its downloads are release 1', async () => {
    const { page, problems } = await openPage(context, `${server.base}/open-data`);
    await Promise.all([page.waitForURL((u) => u.search === '?release=1'), page.getByTestId('open-release-1').click()]);
    await page.waitForLoadState('networkidle');
    expect(realProblems(problems)).toEqual([]);
    expect(await page.getByTestId('release-viewing').innerText()).toContain('Stai guardando il rilascio 1');
    const hrefs = await page.locator('[data-testid^="dataset-"] .files a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.filter((h) => h!.startsWith('/open-data/')).every((h) => h!.startsWith('/open-data/releases/1/'))).toBe(true);
    expect(hrefs).toContain('/api/open-data/placements_province_quarter_women?format=json&release=1');
    // The preview shows release 1's rows.
    const table = JSON.parse(readFileSync(join(server.dataDir, 'open-data', 'releases', '1', 'placements_province_quarter_women.json'), 'utf8')) as { rows: Record<string, unknown>[] };
    const firstPeriod = await page.getByTestId('preview-placements_province_quarter_women').locator('tbody tr').first().locator('td[data-column="period"]').innerText();
    expect(firstPeriod).toBe(formatPeriod('it', String(table.rows[0].period)));
    await page.close();
  }, 120_000);

  it('refuses ?release=abc with a page naming the parameter', async () => {
    const page = await context.newPage();
    const res = await page.goto(`${server.base}/open-data?release=abc`);
    expect(res?.status()).toBe(400);
    expect(await page.getByTestId('error-page').innerText()).toContain('Parametro «release»: «abc» non è il numero di un rilascio (i rilasci pubblicati sono: 1, 2)');
    await page.close();
  }, 60_000);
});
