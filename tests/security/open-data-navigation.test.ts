// The /open-data page under client-side navigation: SvelteKit's router fetches
// /open-data/__data.json, a path under the published-files router. It must
// reach SvelteKit (200 JSON for anyone), not the file allow-list (404).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { startServer, type TestServer } from './server.ts';
import { seedCore } from './seed.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { publishOpenData } from '../../warehouse/opendata/index.ts';
import { contextAs, launchBrowser, openPage, realProblems } from '../e2e/harness.ts';

describe('client-side navigation to /open-data', () => {
  let t: TempWarehouse;
  let s: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    t = await tempWarehouse();
    await seedCore(t.wh, { seekers: 100, placements: 100, vacancies: 50 });
    await refreshMarts(t.wh);
    s = await startServer(t, { demo: true, pages: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) } });
    await publishOpenData(t.wh, s.services.paths, { env: {} });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    t?.cleanup();
  });

  it('GET /open-data/__data.json answers the page data to anonymous visitors', async () => {
    const res = await fetch(`${s.url}/open-data/__data.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { type: string };
    expect(body.type).toBe('data');
    // The published files beside it are still served by the files router.
    expect((await fetch(`${s.url}/open-data/catalog.jsonld`)).status).toBe(200);
    expect((await fetch(`${s.url}/open-data/__data.csv`)).status).toBe(404);
  });

  it('a click on the Open data link navigates without reloading the page', async () => {
    const context = await contextAs(browser, s.url, null);
    const { page, problems } = await openPage(context, `${s.url}/methodology`);
    try {
      // A full page load would drop this marker; client-side navigation keeps it.
      await page.evaluate(() => ((window as unknown as { navMarker: number }).navMarker = 1));
      const data = page.waitForResponse((r) => new URL(r.url()).pathname === '/open-data/__data.json');
      await page.click('nav a[href="/open-data"]');
      expect((await data).status()).toBe(200);
      await page.waitForURL(`${s.url}/open-data`);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => (window as unknown as { navMarker?: number }).navMarker)).toBe(1);
      expect(await page.locator('nav a[href="/open-data"]').getAttribute('aria-current')).toBe('page');
      expect(await page.locator('main').textContent()).toMatch(/placements_province_quarter_women|\.csv/i);
      // A hover preload the click supersedes may end as ERR_ABORTED; HTTP and console errors still count.
      expect(realProblems(problems)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
