// End-to-end, /mismatch on the demo: the province map (Observable Plot, painted
// on the server) colours exactly the provinces with data, has its legend and
// its ranked table; a province is reachable and followable from the keyboard;
// choosing La Spezia shows its hardest-to-fill occupations with the same
// figures as `osservatorio sql` on the marts; the comuni of the province are
// mapped; the map metric can be switched; no console errors; axe clean;
// screenshots at 1280 and 375 px.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CLI, ROOT, SHOTS, axeViolations, demoTemplate, openPage, realProblems, useSignedInDemo, type DemoServer } from './harness.ts';

let server: DemoServer;
let context: BrowserContext;

const demo = useSignedInDemo('demo-director');
beforeAll(() => {
  ({ server, context } = demo);
  mkdirSync(SHOTS, { recursive: true });
});

/**
 * `osservatorio sql` on the marts. The server holds its own copy's warehouse,
 * so the query runs on the demo template it was copied from (same data).
 */
function sql<T>(query: string): T[] {
  const r = spawnSync(process.execPath, [CLI, 'sql', query, '--format', 'json', '--data-dir', demoTemplate()], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`osservatorio sql failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T[];
}

// Italian numbers as the page writes them: thousands grouped from four digits (1.205), which Intl's it-IT does only when asked.
const pct = (v: number) => new Intl.NumberFormat('it-IT', { style: 'percent', maximumFractionDigits: 1, useGrouping: 'always' }).format(v);
const int = (v: number) => new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1, useGrouping: 'always' }).format(v);

async function shots(page: Page, slug: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SHOTS, `${slug}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: join(SHOTS, `${slug}-375.png`), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${slug} scrolls sideways at 375 px`).toBeLessThanOrEqual(1);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('/mismatch', () => {
  it('the map colours the provinces with data, with a legend and the ranked table beside it', async () => {
    const withData = sql<{ province: string; hard_to_fill: number; closed: number }>(
      `select province, count(*) filter (where hard_to_fill) as hard_to_fill, count(*) as closed
         from mart.vacancy_outcomes where is_closed and province is not null group by 1 order by 1`,
    );
    expect(withData.length).toBeGreaterThan(1);
    const { page, problems } = await openPage(context, `${server.base}/mismatch`);
    const map = page.getByTestId('map');
    // One link per province with data, each with its own colour class; the other provinces grey.
    const links = map.locator('svg a[data-code]');
    expect((await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-code')))).sort()).toEqual(withData.map((r) => r.province));
    const fills = await links.evaluateAll((as) => as.map((a) => a.querySelector('path')?.getAttribute('fill')));
    expect(fills.every((f) => f && f !== '#ececec')).toBe(true);
    expect(await map.locator('svg g[aria-hidden="true"] path[d]').count()).toBeGreaterThanOrEqual(110 - withData.length);
    // Spoken label = name and value with its counts.
    const spezia = withData.find((r) => r.province === '011')!;
    expect(await links.and(map.locator('[data-code="011"]')).getAttribute('aria-label')).toContain(
      `La Spezia: ${pct(spezia.hard_to_fill / spezia.closed)} (${int(spezia.hard_to_fill)} su ${int(spezia.closed)})`,
    );
    // Legend: classes plus "no data"; the table ranks the same provinces.
    const legend = await page.getByTestId('map-legend').locator('li').allInnerTexts();
    expect(legend.length).toBeGreaterThanOrEqual(2);
    expect(legend.at(-1)).toBe('nessun dato');
    const tableRows = page.getByTestId('map-table').locator('tbody tr');
    expect(await tableRows.count()).toBe(withData.length);
    const shares = withData.map((r) => r.hard_to_fill / r.closed).sort((a, b) => b - a);
    expect((await tableRows.locator('td:nth-child(3)').allInnerTexts()).map((s) => s.split(' (')[0])).toEqual(shares.map(pct));
    expect(await page.getByTestId('map').locator('figcaption').innerText()).toContain('openpolis');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await shots(page, 'mismatch-map');
    await page.close();
  });

  it('La Spezia from the keyboard: its hardest-to-fill occupations equal `osservatorio sql` on the mart', async () => {
    const { page, problems } = await openPage(context, `${server.base}/mismatch`);
    // Tab to La Spezia on the map: the details line says its value; Enter filters the page.
    const link = page.getByTestId('map').locator('a[data-code="011"]');
    await link.focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-code'))).toBe('011');
    expect(await page.getByTestId('map-detail').innerText()).toMatch(/^La Spezia: \d/);
    await Promise.all([page.waitForURL(/province=011/), page.keyboard.press('Enter')]);
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('occupation-place').innerText()).toBe('La Spezia');
    expect(await page.getByTestId('province').inputValue()).toBe('011');

    const expected = sql<{ occupation: string; htf: number; closed: number }>(
      `select occupation, sum(case when hard_to_fill then 1 else 0 end) as htf, count(*) as closed
         from mart.vacancy_outcomes where is_closed and province = '011'
        group by occupation order by htf / closed desc, htf desc, occupation`,
    );
    expect(expected.length).toBeGreaterThan(0);
    const rows = page.getByTestId('occ-row');
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        code: tr.getAttribute('data-code'),
        share: tr.querySelector('[data-col="htf_share"]')?.textContent?.trim(),
        counts: tr.querySelector('[data-col="counts"]')?.textContent?.trim(),
      })),
    );
    expect(shown).toEqual(
      expected.map((r) => ({ code: r.occupation, share: pct(r.htf / r.closed), counts: `${int(r.htf)} / ${int(r.closed)}` })),
    );
    // Each class cell equals MM_FLAG's class in the mart, and its tooltip gives the reasons, starting with the class.
    const classes = new Map(
      sql<{ occupation: string; flag: string | null }>(`select occupation, flag from mart.mismatch_signals where province = '011'`).map((r) => [r.occupation, r.flag]),
    );
    const CLASS_IT: Record<string, string> = { shortage: 'carenza', balanced: 'equilibrio', surplus: 'eccedenza' };
    const flagCells = await rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const td = tr.querySelector('[data-col="flag"]');
        return { code: tr.getAttribute('data-code')!, text: td?.textContent?.trim(), title: td?.getAttribute('title') ?? '' };
      }),
    );
    for (const c of flagCells) {
      const f = classes.get(c.code) ?? null;
      expect(c.text, c.code).toBe(f ? CLASS_IT[f] : '—');
      expect(c.title, c.code).toMatch(f ? new RegExp(`^${CLASS_IT[f]}: saldo dei segnali`, 'i') : /^Non classificata: \d segnali leggibili/);
    }
    // The top row names the occupation in words (CP2021 label), not only its code.
    const top = await rows.first().locator('th').innerText();
    expect(top).toMatch(/[a-z]{4,}.*\d\.\d/i);
    // Reasons chart (Plot) with its legend, and the comuni of La Spezia on their own map.
    expect(await page.getByTestId('occupation-ranking').locator('.plot-figure svg').count()).toBeGreaterThan(0);
    const comuni = page.getByTestId('comuni-map');
    expect(await comuni.locator('svg path').count()).toBeGreaterThanOrEqual(32);
    expect(await page.getByTestId('map').locator('svg g[stroke="#111111"] path').count()).toBe(1); // La Spezia outlined
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await shots(page, 'mismatch-la-spezia');
    await page.close();
  });

  it('the map metric can be switched and the URL keeps it with the territory; English labels', async () => {
    const { page, problems } = await openPage(context, `${server.base}/mismatch?province=011`);
    const before = await page.getByTestId('map-legend').innerText();
    await page.getByTestId('map-metric').selectOption('tight');
    await Promise.all([page.waitForURL(/map=tight/), page.getByTestId('map-form').locator('button').click()]);
    await page.waitForLoadState('networkidle');
    expect(page.url()).toMatch(/province=011/);
    expect(await page.locator('#h-map').innerText()).toContain('Tensione');
    expect(await page.getByTestId('map-legend').innerText()).not.toBe(before);
    const tight = sql<{ province: string }>(`select distinct province from mart.labour_tightness where seekers > 0 and province is not null order by 1`);
    expect(await page.getByTestId('map').locator('svg a[data-code]').count()).toBe(tight.length);
    expect(await axeViolations(page)).toEqual([]);
    // The same view shared in English.
    const en = await openPage(context, `${server.base}/mismatch?province=011&map=tight&lang=en`);
    expect(await en.page.locator('#h-map').innerText()).toContain('Tightness');
    expect(await en.page.locator('#h-occ').innerText()).toBe('Occupations hardest to fill: La Spezia');
    expect(await en.page.getByTestId('map').locator('figcaption').innerText()).toContain('Administrative boundaries');
    expect(await axeViolations(en.page)).toEqual([]);
    expect(realProblems([...problems, ...en.problems])).toEqual([]);
    await en.page.close();
    await page.close();
  });
});
