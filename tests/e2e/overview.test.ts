// End-to-end, the overview `/` on a real server and Chromium: the territory
// picker (region → province → comune, or office) changes the URL and the
// tiles; a shared URL restores the view; status badges follow the catalogue
// rule on values checked here against the data API and the targets loaded;
// the picker works without JavaScript; click-through keeps territory and
// period; English switch; print layout; axe clean; no console errors.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, CLI, demoTemplate, realProblems, ROOT, useSignedInDemo } from './harness.ts';

const demo = useSignedInDemo('demo-director');
const real = realProblems;
const open = (path: string) => demo.open(path);

/** code → the headline value shown on its tile (data-value), or null. */
async function tileValues(page: Page): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const code of ['MM_FILL', 'MM_HTF', 'PL_RATE_6', 'SP_PAID']) {
    const v = page.getByTestId(`tile-${code}`).getByTestId('value');
    out[code] = (await v.count()) ? await v.getAttribute('data-value') : null;
  }
  return out;
}

async function apply(page: Page, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.getByTestId('apply').click()]);
  await page.waitForLoadState('networkidle');
}

describe('overview', () => {
  it('region → province → office changes the URL and the tiles; a shared URL restores the view', async () => {
    const { page, problems } = await open('/');
    const all = await tileValues(page);
    expect(all.MM_FILL, await page.getByTestId('tile-MM_FILL').innerText()).not.toBeNull();
    expect(all.PL_RATE_6, await page.getByTestId('tile-PL_RATE_6').innerText()).not.toBeNull();
    expect(await axeViolations(page), page.url()).toEqual([]);

    await page.getByTestId('region').selectOption('16');
    // With JavaScript the province list narrows at once to Puglia's provinces.
    expect(await page.getByTestId('province').locator('option').allTextContents()).toEqual(['Tutte', 'Bari']);
    await page.getByTestId('province').selectOption('272');
    await apply(page, /province=272/);
    expect(page.url()).toMatch(/region=16/);
    const bari = await tileValues(page);
    expect(bari.MM_FILL).not.toBe(all.MM_FILL);
    expect(bari.PL_RATE_6).not.toBe(all.PL_RATE_6);
    expect(await page.getByTestId('territory-shown').innerText()).toContain('Puglia › Bari');
    // Only the comuni of Bari are offered (41 in the ISTAT list, plus "all").
    expect(await page.getByTestId('comune').locator('option').count()).toBe(42);
    // SP_PAID is cut by the projects delivered in the province: the tile says which.
    expect(await page.getByTestId('tile-SP_PAID').getByTestId('territory-note').innerText()).toMatch(/^Spesa di \d+ progett[oi] con tutti i servizi erogati in provincia Bari/);

    await page.getByTestId('office').selectOption('BA-PFB');
    await apply(page, /office=BA-PFB/);
    const office = await tileValues(page);
    expect(office.MM_FILL).not.toBe(bari.MM_FILL);
    expect(office.PL_RATE_6).not.toBe(bari.PL_RATE_6);
    expect(await axeViolations(page), page.url()).toEqual([]);
    expect(real(problems), problems.join(' | ')).toEqual([]);

    const shared = await open(page.url().replace(demo.server.base, ''));
    expect(await shared.page.getByTestId('region').inputValue()).toBe('16');
    expect(await shared.page.getByTestId('province').inputValue()).toBe('272');
    expect(await shared.page.getByTestId('office').inputValue()).toBe('BA-PFB');
    expect(await tileValues(shared.page)).toEqual(office);
    expect(real(shared.problems)).toEqual([]);
    await shared.page.close();
    await page.close();
  });

  it('the first slice ?province= and the compact ?territory= still work', async () => {
    const a = await open('/?province=237');
    const b = await open('/?territory=province:237');
    expect(await a.page.getByTestId('territory-shown').innerText()).toContain('Emilia-Romagna › Bologna');
    expect(await tileValues(b.page)).toEqual(await tileValues(a.page));
    expect(real([...a.problems, ...b.problems])).toEqual([]);
    await a.page.close();
    await b.page.close();
  });

  it('status badges follow the rule on values checked against the data API and the targets loaded', async () => {
    const { page, problems } = await open('/?province=272');
    const targets = JSON.parse(
      spawnSync(
        process.execPath,
        [CLI, 'sql', `select indicator_code, target_value, baseline, due_date::varchar as due from core.targets where scope = 'territory' and scope_id = '272'`, '--format', 'json', '--data-dir', demoTemplate()],
        { encoding: 'utf8', cwd: ROOT },
      ).stdout,
    ) as { indicator_code: string; target_value: number; baseline: number; due: string }[];
    expect(targets.map((t) => t.indicator_code).sort()).toEqual(['MM_FILL', 'MM_HTF', 'PL_RATE_6']);
    const statuses: string[] = [];
    for (const t of targets) {
      const res = await fetch(`${demo.server.base}/api/kpi/${t.indicator_code}?by=quarter&where=province:272&format=json`, { headers: { cookie: demo.cookie } });
      const body = (await res.json()) as { rows: Record<string, unknown>[]; asOf: string; definition?: unknown };
      const valueCol = { MM_FILL: 'fill_rate', MM_HTF: 'htf_share', PL_RATE_6: 'employment_rate' }[t.indicator_code]!;
      const asOf = body.asOf;
      const quarterEnd = (q: string) => new Date(Date.UTC(Number(q.slice(0, 4)), Number(q.slice(6)) * 3, 0)).toISOString().slice(0, 10);
      const last = body.rows.filter((r) => typeof r[valueCol] === 'number' && quarterEnd(String(r.quarter)) <= asOf).at(-1)!;
      const actual = last[valueCol] as number;
      const date = quarterEnd(String(last.quarter));
      // Straight line from the baseline on 1 Jan 2021 to the target at its due date (targets written in %).
      const days = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
      const base = t.baseline / 100;
      const expected = base + (t.target_value / 100 - base) * Math.min(1, (days(date) - days('2021-01-01')) / (days(t.due) - days('2021-01-01')));
      const ratio = t.indicator_code === 'MM_HTF' ? expected / actual : actual / expected;
      const status = ratio >= 0.95 ? 'on_track' : ratio >= 0.8 ? 'at_risk' : 'off_track';
      statuses.push(status);
      const tile = page.getByTestId(`tile-${t.indicator_code}`);
      expect(Number(await tile.getByTestId('value').getAttribute('data-value'))).toBeCloseTo(actual, 12);
      expect(await tile.getByTestId('status').getAttribute('data-status'), t.indicator_code).toBe(status);
    }
    // SP_PAID has no territorial target: "no target", not an invented status.
    expect(await page.getByTestId('tile-SP_PAID').getByTestId('status').getAttribute('data-status')).toBe('none');
    // The rule is on the page and on focus of a badge.
    expect(await page.getByTestId('rule').innerText()).toContain('≥ 95%: in linea');
    const badge = page.locator('[data-testid=status][data-status]:not([data-status=none])').first();
    await badge.focus();
    expect(await badge.locator('.tip').isVisible()).toBe(true);
    expect(await badge.getAttribute('aria-describedby')).toBe('rule');
    // Other thresholds from the URL change the stated rule.
    const lenient = await open('/?province=272&on_track=0.5&at_risk=0.2');
    expect(await lenient.page.getByTestId('rule').innerText()).toContain('≥ 50%: in linea');
    expect(await lenient.page.locator('[data-status=off_track]').count()).toBeLessThanOrEqual(statuses.filter((s) => s === 'off_track').length);
    expect(real([...problems, ...lenient.problems])).toEqual([]);
    await lenient.page.close();
    await page.close();
  });

  it('works without JavaScript: Apply narrows the lists level by level', async () => {
    const noJs = await demo.browser.newContext({ javaScriptEnabled: false });
    await noJs.addCookies(demo.cookie.split('; ').map((c) => ({ name: c.slice(0, c.indexOf('=')), value: c.slice(c.indexOf('=') + 1), url: demo.server.base })));
    const page = await noJs.newPage();
    await page.goto(`${demo.server.base}/`);
    expect(await page.getByTestId('comune').isDisabled()).toBe(true);
    await page.getByTestId('region').selectOption('08');
    await Promise.all([page.waitForURL(/region=08/), page.getByTestId('apply').click()]);
    expect(await page.getByTestId('province').locator('option').allTextContents()).toEqual(['Tutte', 'Bologna']);
    await page.getByTestId('province').selectOption('237');
    await Promise.all([page.waitForURL(/province=237/), page.getByTestId('apply').click()]);
    await page.getByTestId('comune').selectOption('037006');
    await Promise.all([page.waitForURL(/comune=037006/), page.getByTestId('apply').click()]);
    expect(await page.getByTestId('territory-shown').innerText()).toContain('Emilia-Romagna › Bologna › Bologna');
    // Changing the region leaves a stale province behind: the region wins.
    await page.getByTestId('region').selectOption('16');
    await Promise.all([page.waitForURL(/region=16/), page.getByTestId('apply').click()]);
    expect(await page.getByTestId('territory-shown').innerText()).toContain('Puglia');
    expect(await page.getByTestId('province').inputValue()).toBe('');
    await noJs.close();
  });

  it('click-through keeps territory and period; English switch; print layout', async () => {
    const { page, problems } = await open('/?province=272&from=2024-01&to=2025-06');
    const href = await page.getByTestId('tile-PL_RATE_6').getByTestId('details').getAttribute('href');
    expect(href).toMatch(/^\/placements\?/);
    expect(href).toContain('province=272');
    expect(href).toContain('from=2024-01');
    expect(href).toContain('to=2025-06');
    await Promise.all([page.waitForURL(/\/placements/), page.getByTestId('tile-PL_RATE_6').getByTestId('details').click()]);
    expect(await page.getByTestId('province').inputValue()).toBe('272');
    expect(await page.getByTestId('filters').locator('input[name=from]').inputValue()).toBe('2024-01');

    await page.goto(`${demo.server.base}/?province=272`);
    await Promise.all([page.waitForURL(/lang=en/), page.getByTestId('lang-switch').click()]);
    expect(page.url()).toContain('province=272');
    expect(await page.locator('h1').innerText()).toBe('Overview');
    expect(await page.getByTestId('rule').innerText()).toContain('≥ 95%: on track');
    expect(await page.getByTestId('tile-SP_PAID').getByTestId('status').innerText()).toBe('no target');
    expect(await page.locator('legend').first().innerText()).toBe('Territory');

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('filters').isVisible()).toBe(false);
    expect(await page.locator('.print-only').innerText()).toContain('Puglia › Bari');
    expect(await axeViolations(page), page.url()).toEqual([]);
    expect(real(problems), problems.join(' | ')).toEqual([]);
    await page.close();
  });
});
