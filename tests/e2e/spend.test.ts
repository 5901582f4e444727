// End-to-end: the funder pages (/spend, /programmes/[code], /projects/[cup]) on
// a real server and Chromium. The demo copy gets one extra snapshot of
// J91D23000310007 whose stages are out of order (tests/fixtures/spend), so the
// loader flags it and the project page must show the warning. Every figure the
// pages show is compared with `osservatorio sql` on the marts of the same data
// (run before the server takes the warehouse). The demo funder sees their
// project and is refused another CUP or programme; no console errors or failed
// requests; axe clean; screenshots at 1280 and 375 px.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLI, ROOT, SHOTS, axeViolations, contextAs, demoTemplate, launchBrowser, openPage, startDemoServer, type DemoServer } from './harness.ts';
import { fmtDate, fmtNumber } from '../../dashboard/src/lib/i18n.ts';

const BOLOGNA = 'F31D23000140007';
const BARI = 'J91D23000310007';
const PNM = '2021IT16FFPR003';
const FLAGGED = join(ROOT, 'tests', 'fixtures', 'spend', 'project_financials_flagged_e2e.csv');

type Row = Record<string, string | number | boolean | null>;

let dataDir: string;
let server: DemoServer;
let browser: Browser;
let director: BrowserContext;
let funder: BrowserContext;

function osservatorio(...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`osservatorio ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** `osservatorio sql` on the marts: the reference every figure on the pages must equal. */
const sql = (query: string): Row[] => JSON.parse(osservatorio('sql', query, '--format', 'json')) as Row[];

// Computed before the server opens the warehouse (the CLI cannot read it while the server holds it).
let history: Row[];
let bariHistory: Row[];
let pace: Row;
let targets: Row[];
let programmeProjects: Row[];
let risk: Row;
/** Each programme and whether the N+3 rule binds it (its fund is a cohesion fund). */
let n3Applies: Row[];
let programmes: Row[];

const eur = (v: unknown) => fmtNumber('it', v, 'euro');
const pct = (v: unknown) => fmtNumber('it', v, 'share');
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();
const cells = async (page: Page, rowSelector: string): Promise<string[][]> =>
  (await page.locator(rowSelector).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText)))).map((r) =>
    r.map(plain),
  );

beforeAll(async () => {
  // A private copy of the demo with the flagged snapshot loaded and the marts rebuilt.
  dataDir = mkdtempSync(join(tmpdir(), 'oss-e2e-spend-'));
  cpSync(demoTemplate(), dataDir, { recursive: true });
  osservatorio('ingest', FLAGGED, '--feed', 'project_financials', '--copy');
  osservatorio('marts', 'refresh');
  const cols = `as_of::VARCHAR as as_of, programmed, admitted, legally_committed, paid, certified, paid_share, elapsed_share, forecast_paid_at_end, loader_flagged`;
  history = sql(`select ${cols} from mart.project_financial_history where project = '${BOLOGNA}' order by as_of`);
  bariHistory = sql(`select ${cols} from mart.project_financial_history where project = '${BARI}' order by as_of`);
  [pace] = sql(`select paid, admitted, paid / admitted as paid_share, elapsed_share, forecast_paid_at_end, forecast_paid_at_end / admitted as forecast_share, end_date::VARCHAR as end_date from mart.project_spend where project = '${BOLOGNA}'`);
  // SP_TGT's rule at the default thresholds (≥ 95% on track, 80–95% at risk, < 80% off track).
  targets = sql(`select indicator, target_kind, actual, expected,
      case when actual is null or expected is null then null when expected <= 0 then 'on_track'
           when actual / expected >= 0.95 then 'on_track' when actual / expected >= 0.80 then 'at_risk' else 'off_track' end as status
    from mart.target_progress where project = '${BOLOGNA}' order by indicator, target_kind`);
  programmeProjects = sql(`select project, paid, paid / admitted as paid_share from mart.project_spend where programme = '${PNM}' order by project`);
  [risk] = sql(`select round(greatest(gap, 0), 2) as at_risk_amount from mart.decommitment_risk where programme = '${PNM}'`);
  n3Applies = sql(`select programme, fund, n3_applies from mart.decommitment_risk order by programme`);
  programmes = sql(`select programme, sum(paid) as paid from mart.project_spend group by all order by programme`);

  // A dashboard build in progress (another run, another file) would leave the server without pages: wait for it.
  spawnSync('flock', ['/tmp/osservatorio-dashboard-build.lock', 'true']);
  // The server serves this directory (the last --data-dir wins over the harness's own copy).
  server = await startDemoServer(['--data-dir', dataDir]);
  browser = await launchBrowser();
  director = await contextAs(browser, server.base, 'demo-director');
  funder = await contextAs(browser, server.base, 'demo-funder');
  mkdirSync(SHOTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function checked(context: BrowserContext, path: string, shot: string): Promise<Page> {
  const { page, problems } = await openPage(context, `${server.base}${path}`);
  const says = problems.length ? plain(await page.locator('body').innerText()).slice(0, 400) : '';
  expect(problems, `${path}: console errors or failed requests; the page says: ${says}`).toEqual([]);
  expect(await axeViolations(page), `${path}: axe`).toEqual([]);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(SHOTS, `${shot}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways at ${width} px`).toBeLessThanOrEqual(1);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return page;
}

describe('project page (funder: CUP F31D23000140007)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await checked(funder, `/projects/${BOLOGNA}`, 'spend-project-funder');
  }, 180_000);

  it('keeps the real public figures of the Bologna project', async () => {
    const stages = plain(await page.getByTestId('stages').innerText());
    expect(stages).toContain('605.305,62 €');
    expect(stages).toContain('4.000.000,00 €');
  });

  it('shows the stages of every snapshot, chart and table, equal to mart.project_financial_history', async () => {
    const block = page.getByTestId('stage-history');
    expect(await block.locator('svg').count()).toBeGreaterThan(0);
    const rows = await cells(page, '[data-testid="stage-history"] tbody tr');
    expect(rows).toEqual(
      history.map((h) => [
        plain(fmtDate('it', h.as_of as string)),
        ...['programmed', 'admitted', 'legally_committed', 'paid', 'certified'].map((k) => plain(eur(h[k]))),
        '',
      ]),
    );
    expect(history.length).toBeGreaterThan(1);
  });

  it('shows pace against time with the diagonal, per snapshot, equal to the mart', async () => {
    const block = page.getByTestId('pace');
    expect(plain(await block.locator('svg').last().textContent() ?? '')).toContain('spesa lineare (riferimento)');
    const rows = await cells(page, '[data-testid="pace-table"] tbody tr');
    expect(rows).toEqual(history.map((h) => [plain(fmtDate('it', h.as_of as string)), pct(h.elapsed_share), pct(h.paid_share), plain(eur(h.forecast_paid_at_end))]));
    expect(plain(await page.getByTestId('pace-summary').innerText())).toContain(`Quota pagata (pagato / ammesso): ${pct(pace.paid_share)}`);
  });

  it('shows the forecast at the planned end as a labelled projection with its method', async () => {
    const forecast = page.getByTestId('forecast');
    expect(plain(await forecast.getByTestId('forecast-value').innerText())).toBe(plain(eur(pace.forecast_paid_at_end)));
    expect(plain(await forecast.getByTestId('forecast-share').innerText())).toBe(pct(pace.forecast_share));
    const text = plain(await forecast.innerText());
    expect(text).toContain('proiezione');
    expect(text).toContain('Proiezione, non un dato');
    expect(text).toContain(plain(fmtDate('it', pace.end_date as string)));
    expect(plain(await page.getByTestId('pace').locator('svg').last().textContent() ?? '')).toMatch(/proiezione: \d/);
  });

  it('shows indicators against milestones and targets with the status of the stated rule', async () => {
    expect(plain(await page.getByTestId('status-rule').innerText())).toContain('≥ 95%: in linea; tra 80% e 95%: a rischio; < 80%: fuori linea');
    const shown = await page
      .locator('[data-testid="targets-table"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-indicator'), tr.getAttribute('data-kind'), tr.querySelector('[data-status]')?.getAttribute('data-status') || null]));
    expect(shown).toEqual(targets.map((t) => [t.indicator, t.target_kind, t.status]));
    expect(targets.some((t) => t.target_kind === 'milestone') && targets.some((t) => t.target_kind === 'target')).toBe(true);
  });

  it('downloads the snapshot history as CSV: the rows shown', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-stage-history-0').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0].split(',').slice(0, 7)).toEqual(['project', 'as_of', 'programmed', 'admitted', 'legally_committed', 'paid', 'certified']);
    expect(csv.slice(1).map((l) => [l.split(',')[1], Number(l.split(',')[5])])).toEqual(history.map((h) => [h.as_of, h.paid]));
  });
});

describe('loader warnings', () => {
  it('the project page lists the snapshot the loader flagged (director)', async () => {
    const page = await checked(director, `/projects/${BARI}`, 'spend-project-flagged');
    const flagged = bariHistory.filter((h) => h.loader_flagged);
    expect(flagged.map((h) => h.as_of)).toEqual(['2025-08-15']);
    const items = await page.getByTestId('warnings').locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-as-of')));
    expect(items).toEqual(['2025-08-15']);
    expect(plain(await page.getByTestId('warnings').innerText())).toContain('fasi fuori ordine');
    expect(plain(await page.locator('[data-testid="stage-history"] tr[data-as-of="2025-08-15"]').innerText())).toContain('caricata e segnalata');
    await page.close();
  }, 120_000);
});

describe('programme and overview', () => {
  it('programme page: its projects with paid share, N+3 risk and targets equal to the marts (director)', async () => {
    const page = await checked(director, `/programmes/${PNM}`, 'spend-programme');
    const rows = await page.locator('[data-testid="programme-projects"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-project')));
    expect(rows).toEqual(programmeProjects.map((p) => p.project));
    const shares = await cells(page, '[data-testid="programme-projects"] tbody tr');
    expect(shares.map((r) => r[5])).toEqual(programmeProjects.map((p) => pct(p.paid_share)));
    expect(plain(await page.getByTestId('at-risk-amount').innerText())).toBe(plain(eur(risk.at_risk_amount)));
    expect(await page.locator(`a[href^="/projects/${BOLOGNA}"]`).count()).toBeGreaterThan(0);
    await page.close();
  }, 120_000);

  it('a PNRR programme says the N+3 rule does not apply, with no amount at risk (director)', async () => {
    const gol = n3Applies.find((r) => r.fund === 'PNRR')!;
    const page = await checked(director, `/programmes/${encodeURIComponent(String(gol.programme))}`, 'spend-programme-pnrr');
    expect(await page.getByTestId('n3-not-applicable').innerText()).toContain('non si applica a questo programma');
    expect(await page.getByTestId('at-risk-amount').count()).toBe(0);
    await page.close();
  }, 120_000);

  it('/spend: every programme with its paid amount and a link (director)', async () => {
    const page = await checked(director, '/spend', 'spend-overview');
    const shown = await cells(page, '[data-testid="programmes-table"] tbody tr');
    expect(shown.map((r) => [r[0].split('\n')[0], r[5]])).toEqual(programmes.map((p) => [p.programme, plain(eur(p.paid))]));
    // The N+3 column: an amount for the cohesion-fund programmes, "non si applica" for the others.
    const applies = new Map(n3Applies.map((r) => [r.programme, r.n3_applies]));
    expect([...applies.values()]).toEqual(expect.arrayContaining([true, false]));
    for (const r of shown) expect(r[8] === 'non si applica', r[0]).toBe(applies.get(r[0].split('\n')[0]) === false);
    expect(await page.locator(`[data-testid="programmes-table"] a[href^="/programmes/"]`).count()).toBe(programmes.length);
    await page.close();
  }, 120_000);

  it('an unknown CUP is a clear "not found" page, not an error', async () => {
    const path = '/projects/AAAAA0000000000';
    const { page, problems } = await openPage(director, `${server.base}${path}`);
    expect(problems).toContain(`404: ${server.base}${path}`);
    expect(problems.filter((p) => p !== `404: ${server.base}${path}` && !p.startsWith('console: Failed to load resource'))).toEqual([]);
    expect(await page.getByTestId('refusal-title').innerText()).toBe('Non trovato');
    expect(await page.getByTestId('refusal').innerText()).toContain('non trovato nei dati caricati');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('English switch changes the labels', async () => {
    const { page } = await openPage(director, `${server.base}/projects/${BOLOGNA}?lang=en`);
    expect(await page.getByRole('heading', { name: 'Financial stages per snapshot' }).count()).toBe(1);
    expect(plain(await page.getByTestId('status-rule').innerText())).toContain('on track');
    await page.close();
  });
});

describe('funder scope', () => {
  it('/spend shows only the funder’s project and no link to a programme page they cannot open', async () => {
    const page = await checked(funder, '/spend', 'spend-overview-funder');
    const projects = await page.getByTestId('projects').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-project')));
    expect(projects).toEqual([BOLOGNA]);
    expect(await page.locator('a[href^="/programmes/"]').count()).toBe(0);
    expect(plain(await page.getByTestId('risk-note').innerText())).toContain('Non disponibile per il tuo profilo');
    await page.close();
  }, 120_000);

  for (const path of [`/projects/${BARI}`, `/programmes/${PNM}`]) {
    it(`${path} is a clear refusal (403), not an error`, async () => {
      const { page, problems } = await openPage(funder, `${server.base}${path}`);
      // The refusal itself is the only failure: the 403 answer. (The browser's console repeats each HTTP
      // error as 'Failed to load resource' without the URL; the refusal page has no icon, hence /favicon.ico.)
      expect(problems).toContain(`403: ${server.base}${path}`);
      const others = problems.filter((p) => p !== `403: ${server.base}${path}` && !p.endsWith('/favicon.ico') && !p.startsWith('console: Failed to load resource'));
      expect(others).toEqual([]);
      expect(plain(await page.locator('body').innerText())).toMatch(/Non hai accesso|non rientra nel tuo ambito/);
      await page.close();
    });
  }

  it('the data behind the pages refuses another CUP for the funder too', async () => {
    const cookies = await funder.cookies();
    const header = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const other = await fetch(`${server.base}/api/kpi/SP_STAGE?by=project&where=project:${BARI}&format=json`, { headers: { cookie: header } });
    expect(other.status).toBe(403);
    const own = await fetch(`${server.base}/api/kpi/SP_STAGE?by=project&where=project:${BOLOGNA}&format=json`, { headers: { cookie: header } });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { rows: Row[] }).rows.map((r) => r.paid)).toEqual([605_305.62]);
  });
});
