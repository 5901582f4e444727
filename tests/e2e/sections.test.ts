// End-to-end, the section pages that share Section.svelte and the territory
// picker (/placements, /mismatch; /spend has its own page now and no KPI of
// it can be cut by territory): changing the territory changes the
// URL and the KPI data shown; a KPI that cannot be cut at the chosen level
// says so; /placements shows the service funnel and compares offices side by
// side (with a download of exactly those rows); English switch; axe clean;
// no console errors.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, realProblems, useSignedInDemo } from './harness.ts';

const demo = useSignedInDemo('demo-director');
const real = realProblems;
const open = (path: string) => demo.open(path);
const blockText = (page: Page, code: string) => page.getByTestId(`kpi-${code}`).innerText();

async function chooseProvince(page: Page, region: string, province: string): Promise<void> {
  await page.getByTestId('region').selectOption(region);
  await page.getByTestId('province').selectOption(province);
  await Promise.all([page.waitForURL(new RegExp(`province=${province}`)), page.getByTestId('apply').click()]);
  await page.waitForLoadState('networkidle');
}

describe('section pages with the territory picker', () => {
  it('/mismatch: the province changes the URL and the data; an office falls back with a note where a KPI has no office cut', async () => {
    const { page, problems } = await open('/mismatch');
    const before = await blockText(page, 'MM_HTF');
    await chooseProvince(page, '07', '011');
    expect(page.url()).toMatch(/region=07&province=011/);
    expect(await blockText(page, 'MM_HTF')).not.toBe(before);
    expect(await page.getByTestId('territory-note').count()).toBe(0);
    await page.getByTestId('office').selectOption('SP-RPL');
    await Promise.all([page.waitForURL(/office=SP-RPL/), page.getByTestId('apply').click()]);
    // MM_TIGHT and MM_FLAG have no office dimension: shown for the province, and said so.
    const tight = page.getByTestId('kpi-MM_TIGHT').getByTestId('territory-note');
    expect(await tight.innerText()).toContain('mostrato per provincia La Spezia');
    expect(await page.getByTestId('kpi-MM_HTF').getByTestId('territory-note').count()).toBe(0);
    expect(await axeViolations(page), page.url()).toEqual([]);
    expect(real(problems), problems.join(' | ')).toEqual([]);
    await page.close();
  });

  it('/placements: the comune changes the URL and the rates by exit cohort; the funnel follows the territory', async () => {
    const { page, problems } = await open('/placements');
    const before = await blockText(page, 'PL_RATE_6');
    const funnelAll = await page.getByTestId('funnel').locator('table').innerText();
    await chooseProvince(page, '16', '272');
    await page.getByTestId('comune').selectOption('072006');
    await Promise.all([page.waitForURL(/comune=072006/), page.getByTestId('apply').click()]);
    await page.waitForLoadState('networkidle');
    expect(await blockText(page, 'PL_RATE_6')).not.toBe(before);
    expect(await page.getByTestId('funnel').locator('table').innerText()).not.toBe(funnelAll);
    expect(await page.getByTestId('territory-note').count()).toBe(0);
    // A shared URL restores the same view.
    const shared = await open(page.url().replace(demo.server.base, ''));
    expect(await shared.page.getByTestId('comune').inputValue()).toBe('072006');
    expect(await blockText(shared.page, 'PL_RATE_6')).toBe(await blockText(page, 'PL_RATE_6'));
    expect(await axeViolations(page), page.url()).toEqual([]);
    // PL_QUAL has no office cut: with an office chosen it says which level it used instead.
    await page.getByTestId('office').selectOption('BA-PFB');
    await Promise.all([page.waitForURL(/office=BA-PFB/), page.getByTestId('apply').click()]);
    expect(await page.getByTestId('kpi-PL_QUAL').getByTestId('territory-note').innerText()).toContain('mostrato per provincia Bari');
    expect(await page.getByTestId('kpi-PL_RATE_6').getByTestId('territory-note').count()).toBe(0);
    expect(real([...problems, ...shared.problems])).toEqual([]);
    await shared.page.close();
    await page.close();
  });

  it('/placements compares two offices side by side, and the download holds exactly those rows', async () => {
    const { page, problems } = await open('/placements');
    // By default the provinces of the network are compared (Bari beside Bologna, …).
    const heads = await page.getByTestId('compare-table').locator('thead th[data-unit]').allTextContents();
    expect(heads, problems.join(' | ')).toEqual(expect.arrayContaining(['Bari', 'Bologna']));
    // Each row says what its number counts: hires per event, people registered — not the KPI's name alone.
    const rowHead = (code: string) => page.getByTestId('compare-table').locator(`tr[data-code=${code}] th`).first().innerText();
    expect(await rowHead('PL_EVT')).toBe('Assunzioni per evento PL_EVT');
    expect(await rowHead('PL_FUNNEL')).toBe('Iscritti PL_FUNNEL');
    expect(await rowHead('PL_RATE_6')).toBe('Occupati a 6 mesi dall’uscita PL_RATE_6');

    await page.getByTestId('compare-by').selectOption('office');
    await Promise.all([page.waitForURL(/compare=office/), page.getByTestId('compare-apply').click()]);
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('compare-hint').count()).toBe(1);
    await page.getByTestId('unit-BA-PFB').check();
    await page.getByTestId('unit-BO-IPL').check();
    await Promise.all([page.waitForURL(/unit=BA-PFB/), page.getByTestId('compare-apply').click()]);
    await page.waitForLoadState('networkidle');
    expect(page.url()).toMatch(/unit=BO-IPL/);
    const table = page.getByTestId('compare-table');
    expect((await table.locator('thead th[data-unit]').evaluateAll((ths) => ths.map((t) => t.getAttribute('data-unit')))).sort()).toEqual(['BA-PFB', 'BO-IPL']);
    const rate6 = table.locator('tr[data-code=PL_RATE_6] td.num');
    expect(await rate6.count()).toBe(2);
    const cells = await rate6.allTextContents();
    expect(cells.every((c) => /%$/.test(c.trim()))).toBe(true);
    // PL_QUAL has no office cut: the row says so instead of showing blanks.
    expect(await table.locator('tr[data-code=PL_QUAL] td.na').first().innerText()).toContain('non calcolabile per sportello');

    const csvHref = await table.locator('tr[data-code=PL_RATE_6] a').getAttribute('href');
    const csv = await (await fetch(`${demo.server.base}${csvHref}`, { headers: { cookie: demo.cookie } })).text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['BA-PFB', 'BO-IPL']);

    // Applying the territory filter keeps the comparison (its state is in the form).
    await chooseProvince(page, '16', '272');
    expect(page.url()).toMatch(/compare=office/);
    expect(await page.getByTestId('compare-table').locator('thead th[data-unit]').count()).toBe(2);
    expect(await axeViolations(page), page.url()).toEqual([]);
    expect(real(problems), problems.join(' | ')).toEqual([]);
    await page.close();
  });

  it('English switch on /placements keeps the view and translates the picker and comparison', async () => {
    const { page, problems } = await open('/placements?province=272&compare=office&unit=BA-PFB&unit=BA-CPI');
    await Promise.all([page.waitForURL(/lang=en/), page.getByTestId('lang-switch').click()]);
    expect(page.url()).toContain('unit=BA-CPI');
    expect(await page.locator('h1').innerText()).toBe('Placement outcomes');
    expect(await page.getByTestId('territory-picker').locator('legend').innerText()).toBe('Territory');
    expect(await page.getByTestId('compare-table').locator('caption').innerText()).toContain('office');
    expect(await axeViolations(page), page.url()).toEqual([]);
    expect(real(problems), problems.join(' | ')).toEqual([]);
    await page.close();
  });
});
