// End-to-end: where each audience lands and what its navigation offers, on a
// real `serve --demo` and Chromium. The funder and the director sign in
// through the login form like a person would; the funder's every navigation
// link must open (200), a refused page must be the styled Italian refusal
// linking home, and "Esci" must sign out without any script of ours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openPage, realProblems, startDemoServer, type DemoServer } from './harness.ts';

const FUNDER_PROJECT = '/projects/F31D23000140007';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signs in through the login page's form in a fresh context. */
async function signIn(user: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.fill('#username', user);
  await page.fill('#password', `${user}-password`);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('button[type=submit]')]);
  await page.waitForLoadState('networkidle');
  return { context, page };
}

const navLinks = (page: Page) =>
  page.locator('header nav a').evaluateAll((as) => as.map((a) => [(a as HTMLAnchorElement).innerText.trim(), a.getAttribute('href')]));
const header = async (page: Page) => (await page.locator('header .bar').innerText()).replace(/\s+/g, ' ');

describe('landing and navigation by role', () => {
  it('an anonymous visitor at / lands on the open data, with a way to sign in and only public sections', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${server.base}/`);
    expect(new URL(page.url()).pathname).toBe('/open-data');
    expect(realProblems(problems)).toEqual([]);
    expect(await navLinks(page)).toEqual([
      ['Dati aperti', '/open-data'],
      ['Metodologia', '/methodology'],
    ]);
    expect(await header(page)).toContain('Accedi');
    await context.close();
  }, 120_000);

  it('a funder lands on their project, sees who is signed in, and every link offered opens', async () => {
    const { context, page } = await signIn('demo-funder');
    expect(new URL(page.url()).pathname).toBe(FUNDER_PROJECT);
    expect(await header(page)).toContain('Accesso come demo-funder (finanziatore) · Esci');
    const links = await navLinks(page);
    expect(links).toEqual([
      ['Il tuo progetto', FUNDER_PROJECT],
      ['Spesa', '/spend'],
      ['Dati aperti', '/open-data'],
      ['Metodologia', '/methodology'],
      ['Avvisi', '/alerts'],
    ]);
    for (const [, href] of links) expect((await context.request.get(`${server.base}${href}`)).status(), href!).toBe(200);

    // A page outside the account: the styled refusal, in Italian, saying why and linking home.
    const refused = await context.newPage();
    const res = await refused.goto(`${server.base}/operations`);
    expect(res?.status()).toBe(403);
    expect(await refused.locator('html').getAttribute('lang')).toBe('it');
    expect(await refused.locator('h1').innerText()).toBe('Non hai accesso a questa pagina');
    expect(await refused.getByTestId('forbidden-reason').innerText()).toBe('Questa pagina è riservata a: direzione e amministratori.');
    expect(await refused.locator('header').evaluate((h) => getComputedStyle(h).backgroundColor)).toBe('rgb(11, 79, 138)');
    await Promise.all([refused.waitForURL((u) => u.pathname === FUNDER_PROJECT), refused.getByTestId('forbidden-home').click()]);

    // Signing out: a plain form post; the session ends and the visitor is on the open data.
    await Promise.all([page.waitForURL((u) => u.pathname === '/open-data'), page.getByRole('button', { name: 'Esci' }).click()]);
    expect(await header(page)).toContain('Accedi');
    expect((await (await context.request.get(`${server.base}/auth/me`)).json()).role).toBe('public');
    expect((await context.request.get(`${server.base}${FUNDER_PROJECT}`, { maxRedirects: 0 })).status()).toBe(303);
    await context.close();
  }, 180_000);

  it('a director lands on the overview of Bari, their home territory, with the internal sections', async () => {
    const { context, page } = await signIn('demo-director');
    const url = new URL(page.url());
    expect(url.pathname + url.search).toBe('/?province=272');
    expect(await page.getByTestId('province').inputValue()).toBe('272');
    expect(await header(page)).toContain('Accesso come demo-director (direzione) · Esci');
    const links = await navLinks(page);
    expect(links.map(([, href]) => href)).toEqual(['/?province=272', '/mismatch', '/placements', '/context', '/spend', '/explore', '/open-data', '/methodology', '/operations', '/alerts']);

    // A page that does not exist: the styled 404, linking back to Bari.
    const { page: missing } = await openPage(context, `${server.base}/no-such-page`);
    expect(await missing.getByTestId('error-page').locator('h1').innerText()).toBe('Pagina non trovata');
    expect(await missing.getByTestId('error-home').getAttribute('href')).toBe('/?province=272');
    await context.close();
  }, 180_000);
});
