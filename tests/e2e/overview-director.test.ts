// The director's morning: the demo director of Bari signs in through the
// login form and, without choosing anything, lands on the overview of Bari
// with targets and their status, the counts behind each rate, the volumes and
// the change on the same quarter a year earlier. Every figure is compared with
// one computed here with SQL on the demo warehouse's own tables (core.*), not
// with the page's code or the KPI marts (except PL_RATE_6's cohorts, checked
// against the data API).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeViolations, CLI, demoTemplate, realProblems, ROOT, useSignedInDemo } from './harness.ts';

const demo = useSignedInDemo('demo-director');

function sql<T>(query: string): T[] {
  const r = spawnSync(process.execPath, [CLI, 'sql', query, '--format', 'json', '--data-dir', demoTemplate()], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`sql failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T[];
}

const SMALL = 20;
const quarterEnd = (q: string) => new Date(Date.UTC(Number(q.slice(0, 4)), Number(q.slice(6)) * 3, 0)).toISOString().slice(0, 10);
const yearBefore = (q: string) => `${Number(q.slice(0, 4)) - 1}${q.slice(4)}`;
const QUARTER = (col: string) => `strftime(${col}, '%Y') || '-Q' || quarter(${col})`;
/** Province (cod_uts) of a comune code, through the reference list and the crosswalk of old codes. */
const PROVINCE_OF = (comune: string) =>
  `coalesce((select cod_uts from ref.comuni c where c.comune_code = ${comune}), (select c.cod_uts from ref.comuni_crosswalk x join ref.comuni c on c.comune_code = x.new_code where x.old_code = ${comune}))`;

async function signInThroughTheForm(): Promise<Page> {
  const context = await demo.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${demo.server.base}/login`);
  await page.getByLabel('Nome utente').fill('demo-director');
  await page.getByLabel('Password').fill('demo-director-password');
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: /Accedi/ }).click()]);
  await page.waitForLoadState('networkidle');
  return page;
}

const attr = async (l: Locator, name: string) => (await l.getAttribute(name)) ?? '';

describe('the director of Bari opens the overview', () => {
  it('sees targets with status, counts behind rates, volumes and year-on-year change for Bari, equal to SQL on the demo', async () => {
    const page = await signInThroughTheForm();
    expect(new URL(page.url()).searchParams.get('province')).toBe('272');
    expect(await page.getByTestId('territory-shown').innerText()).toContain('Puglia › Bari');
    const [{ as_of: asOf }] = sql<{ as_of: string }>(`select as_of::varchar as as_of from mart.refresh_info`);

    // Fill rate: closed vacancies whose place (vacancy comune, else employer's, else office's) is in Bari.
    const fillRows = sql<{ quarter: string; filled: number; closed: number }>(`
      select ${QUARTER('v.closed_on')} as quarter,
             sum(least(coalesce(v.filled_positions, case v.outcome when 'filled' then v.positions else 0 end), v.positions))::int as filled,
             sum(v.positions)::int as closed
        from core.vacancies v left join core.employers e using (employer_id) left join core.offices f on f.office_id = v.office_id
       where v.closed_on <= '${asOf}' and coalesce(v.outcome, 'closed') <> 'open' and v.published_on <= '${asOf}'
         and ${PROVINCE_OF('coalesce(v.comune_code, e.comune_code, f.comune_code)')} = '272'
       group by 1 order by 1`);
    const fillLast = fillRows.filter((r) => quarterEnd(r.quarter) <= asOf).at(-1)!;
    const fill = page.getByTestId('tile-MM_FILL');
    expect(await attr(fill.getByTestId('value'), 'data-period')).toBe(fillLast.quarter);
    expect(Number(await attr(fill.getByTestId('value'), 'data-value'))).toBeCloseTo(fillLast.filled / fillLast.closed, 12);
    expect(Number(await attr(fill.getByTestId('counts'), 'data-num'))).toBe(fillLast.filled);
    expect(Number(await attr(fill.getByTestId('counts'), 'data-den'))).toBe(fillLast.closed);
    expect(await fill.getByTestId('counts').innerText()).toMatch(/posti coperti su .* posti delle offerte chiuse/);
    // Target and status: the straight line from the baseline (1 Jan 2021) to Bari's target, read at the quarter's end.
    const [target] = sql<{ target_value: number; baseline: number; due: string }>(
      `select target_value, baseline, due_date::varchar as due from core.targets where scope = 'territory' and scope_id = '272' and indicator_code = 'MM_FILL'`,
    );
    const days = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
    const at = [quarterEnd(fillLast.quarter), asOf].sort()[0]!;
    const expected = target.baseline / 100 + ((target.target_value - target.baseline) / 100) * Math.min(1, (days(at) - days('2021-01-01')) / (days(target.due) - days('2021-01-01')));
    const ratio = fillLast.filled / fillLast.closed / expected;
    expect(Number(await attr(fill.getByTestId('target'), 'data-expected'))).toBeCloseTo(expected, 12);
    expect(Number(await attr(fill.getByTestId('target'), 'data-target-value'))).toBeCloseTo(target.target_value / 100, 12);
    expect(await attr(fill.getByTestId('status'), 'data-status')).toBe(ratio >= 0.95 ? 'on_track' : ratio >= 0.8 ? 'at_risk' : 'off_track');
    expect(await attr(fill.getByTestId('status'), 'data-small')).toBe(String(fillLast.closed < SMALL));
    // The same quarter a year earlier: a change in points, or "few cases" when either side has fewer than 20 positions.
    const fillYear = fillRows.find((r) => r.quarter === yearBefore(fillLast.quarter));
    const fillChange = fill.getByTestId('change-year');
    expect(await attr(fillChange, 'data-against')).toBe(yearBefore(fillLast.quarter));
    if (fillYear && fillYear.closed >= SMALL && fillLast.closed >= SMALL)
      expect(Number(await attr(fillChange, 'data-delta'))).toBeCloseTo(fillLast.filled / fillLast.closed - fillYear.filled / fillYear.closed, 12);
    else if (fillYear) expect(await fillChange.getByTestId('few').innerText()).toBe('pochi casi');
    if (fillLast.closed < SMALL) expect(await fill.getByTestId('small').innerText()).toContain('meno di 20 posti');

    // Every rate with a territorial target shows a status; the other two have their counts checked against the data API.
    for (const code of ['MM_HTF', 'PL_RATE_6']) {
      const tile = page.getByTestId(`tile-${code}`);
      expect(await attr(tile.getByTestId('status'), 'data-status'), code).toMatch(/^(on_track|at_risk|off_track)$/);
      expect(await tile.getByTestId('target').innerText(), code).toMatch(/Obiettivo .*: \d/);
      const res = await fetch(`${demo.server.base}/api/kpi/${code}?by=quarter&where=province:272&format=json`, { headers: { cookie: demo.cookie } });
      const rows = ((await res.json()) as { rows: Record<string, unknown>[] }).rows;
      const period = await attr(tile.getByTestId('value'), 'data-period');
      const row = rows.find((r) => r.quarter === period)!;
      const [num, den, rate] = code === 'MM_HTF' ? ['hard_to_fill', 'closed_vacancies', 'htf_share'] : ['employed', 'eligible', 'employment_rate'];
      expect(Number(await attr(tile.getByTestId('counts'), 'data-num')), code).toBe(Number(row[num]));
      expect(Number(await attr(tile.getByTestId('counts'), 'data-den')), code).toBe(Number(row[den]));
      // The counts under the rate are the two it divides.
      expect(Number(row[num]) / Number(row[den]), code).toBeCloseTo(Number(row[rate]), 12);
    }

    // Volumes: registrations at Bari's offices, vacancies placed in Bari, each by quarter, with the change on a year earlier.
    const volumes: [string, string][] = [
      [
        'PL_FUNNEL',
        `select ${QUARTER('js.registered_on')} as quarter, count(*)::int as n from core.job_seekers js join core.offices o using (office_id)
          where js.registered_on <= '${asOf}' and ${PROVINCE_OF('o.comune_code')} = '272' group by 1 order by 1`,
      ],
      [
        'MM_VAC',
        `select ${QUARTER('v.published_on')} as quarter, count(*)::int as n
           from core.vacancies v left join core.employers e using (employer_id) left join core.offices f on f.office_id = v.office_id
          where v.published_on <= '${asOf}' and ${PROVINCE_OF('coalesce(v.comune_code, e.comune_code, f.comune_code)')} = '272' group by 1 order by 1`,
      ],
      [
        'PL_QUAL',
        `select ${QUARTER('p.start_date')} as quarter, count(*)::int as n from core.placements p left join core.employers e using (employer_id)
          where p.start_date <= '${asOf}' and ${PROVINCE_OF('coalesce(p.comune_code, e.comune_code)')} = '272' group by 1 order by 1`,
      ],
    ];
    for (const [code, query] of volumes) {
      const rows = sql<{ quarter: string; n: number }>(query);
      const last = rows.filter((r) => quarterEnd(r.quarter) <= asOf).at(-1)!;
      const tile = page.getByTestId(`tile-${code}`);
      expect(await attr(tile.getByTestId('value'), 'data-period'), code).toBe(last.quarter);
      expect(Number(await attr(tile.getByTestId('value'), 'data-value')), code).toBe(last.n);
      const earlier = rows.find((r) => r.quarter === yearBefore(last.quarter))!;
      const change = tile.getByTestId('change-year');
      if (earlier.n >= SMALL) {
        expect(Number(await attr(change, 'data-delta')), code).toBe(last.n - earlier.n);
        expect(Number(await attr(change, 'data-relative')), code).toBeCloseTo((last.n - earlier.n) / earlier.n, 12);
        expect(await change.innerText(), code).toContain('sullo stesso trimestre dell’anno prima');
      } else expect(await change.getByTestId('few').innerText(), code).toBe('pochi casi');
    }

    // Spend: latest snapshot of the projects whose services are all delivered by offices in Bari.
    const [spend] = sql<{ paid: number; admitted: number; projects: number }>(`
      with placed as (
        select d.cup, bool_and(${PROVINCE_OF('o.comune_code')} = '272') as inside
          from (select distinct cup, office_id from core.services where cup is not null) d join core.offices o using (office_id) group by d.cup),
      latest as (select cup, paid, admitted, row_number() over (partition by cup order by as_of desc) as k from core.project_financials where as_of <= '${asOf}')
      select sum(coalesce(paid, 0))::double as paid, sum(coalesce(admitted, 0))::double as admitted, count(*)::int as projects
        from latest join placed using (cup) where k = 1 and inside`);
    expect(spend.projects).toBeGreaterThan(0);
    const paid = page.getByTestId('tile-SP_STAGE');
    expect(Number(await attr(paid.getByTestId('value'), 'data-value'))).toBeCloseTo(spend.paid, 2);
    expect(await paid.getByTestId('territory-note').innerText()).toContain(`Spesa di ${spend.projects} progett`);
    const paidShare = page.getByTestId('tile-SP_PAID');
    expect(Number(await attr(paidShare.getByTestId('value'), 'data-value'))).toBeCloseTo(spend.paid / spend.admitted, 12);
    expect(Number(await attr(paidShare.getByTestId('counts'), 'data-den'))).toBeCloseTo(spend.admitted, 2);

    // The method note states the roll-up and the small-number rule.
    expect(await page.getByTestId('method').innerText()).toMatch(/Un tasso non si media/);
    expect(await page.getByTestId('method').innerText()).toMatch(/meno di 20 casi/);
    expect(await axeViolations(page), page.url()).toEqual([]);
    await page.context().close();
  });

  it('all territories: targets rolled up from the provinces, with a status', async () => {
    const { page, problems } = await demo.open('/');
    const targets = sql<{ scope_id: string }>(`select distinct scope_id from core.targets where scope = 'territory' and indicator_code = 'MM_FILL' order by 1`);
    const fill = page.getByTestId('tile-MM_FILL');
    expect(await attr(fill.getByTestId('target'), 'data-source')).toBe('rollup');
    expect(await fill.getByTestId('rollup').innerText()).toContain(`${targets.length} province`);
    expect(await attr(fill.getByTestId('status'), 'data-status')).toMatch(/^(on_track|at_risk|off_track)$/);
    // Each change's arrow says what its printed figure says: a change that prints as 0 is flat, never "▼ −0".
    const changes = await page.locator('[data-testid^="change-"]').allInnerTexts();
    let read = 0;
    for (const text of changes) {
      const m = /^([▲▼▬]) ([+−±])([\d.,]+)/.exec(text.trim());
      if (!m) continue; // "pochi casi" or a missing quarter: no arrow
      read++;
      const zero = Number(m[3].replace(/\./g, '').replace(',', '.')) === 0;
      expect([m[1], m[2]], text).toEqual(zero ? ['▬', '±'] : m[2] === '+' ? ['▲', '+'] : ['▼', '−']);
    }
    expect(read).toBeGreaterThan(4);
    expect(realProblems(problems)).toEqual([]);
    await page.close();
  });
});
