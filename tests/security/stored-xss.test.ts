// A stored <script> in a label stays data. Labels carrying script payloads
// are loaded through the real ingest path (ingestFile: a project title, an
// office name, a programme name, with the project's financials so it shows
// in tables) into a copy of the e2e demo; then Chromium
// opens the pages that show them, served by the real app (createApp, data
// API, built SvelteKit handler): no payload runs (window.__xss stays
// undefined, no dialog, no injected element, no CSP violation — which would
// mean the browser saw markup), and the text shows literally. The published
// files keep such text exact and inert (JSON/CSV media types, nosniff, no
// spreadsheet formulas).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parse as parseCsv } from 'csv-parse/sync';
import { axeViolations, contextAs, demoTemplate, launchBrowser, openPage } from '../e2e/harness.ts';
import { startServer, type TestServer } from './server.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { ingestFile } from '../../ingest/ingestFile.ts';
import { refreshMarts } from '../../warehouse/marts/refresh.ts';
import { publishOpenData, publishRelease } from '../../warehouse/opendata/index.ts';

const PROJECT_TITLE = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">Progetto XSS`;
const OFFICE_NAME = `"><svg onload="window.__xss=3"></svg><b>Sportello XSS</b>`;
const PROGRAMME_NAME = `</title><script>alert(document.cookie)</script>Programma XSS`;
const CUP = 'F31D23000999007';
const csvField = (s: string) => `"${s.replaceAll('"', '""')}"`;

describe('stored script in a label', () => {
  let dir: string;
  let wh: Warehouse;
  let s: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oss-xss-'));
    const dataDir = join(dir, 'data');
    cpSync(demoTemplate(), dataDir, { recursive: true });
    const dbPath = join(dataDir, 'osservatorio.duckdb');
    wh = await Warehouse.open(dbPath);
    const paths = resolveDataPaths({ dataDir, db: dbPath });
    const files: [string, string][] = [
      [
        'programmes_xss.csv',
        `programme_code,name,fund,managing_authority,period_start,period_end\r\nXSS-PROG,${csvField(PROGRAMME_NAME)},FSE+,Autorità,2021-01-01,2029-12-31\r\n`,
      ],
      [
        'projects_xss.csv',
        `cup,programme_code,title,beneficiary,local_code,city,priority,action,fund,start_date,end_date,programme_resources,other_resources\r\n${CUP},XSS-PROG,${csvField(PROJECT_TITLE)},Comune di Bologna,BO-X,Bologna,4,4.4.8.1,FSE+,2024-01-01,2029-12-31,100000.00,0.00\r\n`,
      ],
      [
        'project_financials_xss.csv',
        `cup,as_of,programmed,admitted,legally_committed,paid,certified\r\n${CUP},2025-06-30,100000.00,100000.00,50000.00,20000.00,10000.00\r\n`,
      ],
      [
        'offices_xss.csv',
        `office_id,name,kind,comune_code,operator,opened_on,closed_on\r\nXSS-1,${csvField(OFFICE_NAME)},desk,037006,Comune di Bologna,2024-01-01,\r\n`,
      ],
    ];
    for (const [name, body] of files) {
      const file = join(dir, name);
      writeFileSync(file, body);
      const r = await ingestFile(wh, paths, file, { source: 'xss-test' });
      expect(r.status, `${name}: ${JSON.stringify(r).slice(0, 500)}`).toBe('loaded');
    }
    // A category label of the public tables (reference data) with a payload and a spreadsheet formula.
    await wh.run(`update ref.code_lists set label_it = $1 where list = 'citizenship' and code = 'IT'`, [
      PROJECT_TITLE,
    ]);
    await wh.run(
      `update ref.code_lists set label_it = $1 where list = 'contract_type' and code = 'permanent'`,
      ['=HYPERLINK("http://evil.example","x")'],
    );
    await refreshMarts(wh);
    await publishOpenData(wh, paths, { env: {} });
    // The unnumbered URLs and the page serve the latest release: publish one that holds the payloads.
    await publishRelease(wh, paths, { env: {} });
    s = await startServer(
      { wh, dir, dbPath, cleanup: () => {} },
      { demo: true, pages: true, env: { OSSERVATORIO_SESSION_SECRET: 's'.repeat(48) } },
    );
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    wh?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const pages: [string, string | null, string][] = [
    [`/projects/${CUP}`, 'demo-analyst', PROJECT_TITLE],
    ['/explore?kpi=SP_STAGE&by=project', 'demo-analyst', PROJECT_TITLE],
    ['/placements?compare=office', 'demo-director', OFFICE_NAME],
    ['/placements?compare=programme', 'demo-director', 'Programma XSS'],
    ['/explore?kpi=SP_STAGE&by=programme', 'demo-analyst', PROGRAMME_NAME],
    ['/open-data', null, PROJECT_TITLE],
  ];

  it.each(pages)(
    '%s renders the payload as text, and nothing runs',
    async (path, user, literal) => {
      const context = await contextAs(browser, s.url, user);
      const dialogs: string[] = [];
      // Any alert/confirm/prompt from any page of the context, from the first byte on.
      context.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const { page, problems } = await openPage(context, s.url + path);
      try {
        // Give a delayed handler (img onerror, svg onload) time to fire.
        await page.waitForTimeout(300);
        const state = await page.evaluate(() => ({
          xss: (window as unknown as { __xss?: unknown }).__xss,
          // Elements the payload would create if parsed as markup: an event handler carrying it, or its <img src=x>.
          injected: [...document.querySelectorAll('*')].filter(
            (e) =>
              (e.tagName === 'IMG' && e.getAttribute('src') === 'x') ||
              [...e.attributes].some(
                (a) => a.name.startsWith('on') && /__xss|document\.cookie/.test(a.value),
              ),
          ).length,
          // A <script> element made of the payload (SvelteKit's own data script carries the label as an escaped string: that is fine).
          scripts: [...document.scripts].filter((x) =>
            ['window.__xss=1', 'alert(document.cookie)'].includes((x.textContent ?? '').trim()),
          ).length,
          text: document.body.textContent ?? '',
        }));
        expect(state.xss, path).toBeUndefined();
        expect(state.injected, path).toBe(0);
        expect(state.scripts, path).toBe(0);
        expect(dialogs, path).toEqual([]);
        expect(
          problems.filter((p) => /Content Security Policy|Refused to/.test(p)),
          path,
        ).toEqual([]);
        expect(state.text, path).toContain(literal);
        // The /open-data page, which shows the labels, is also checked for serious/critical axe violations.
        if (path === '/open-data') expect(await axeViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it('is served only as data: JSON/CSV media types, nosniff, CSP without inline script', async () => {
    for (const path of [
      '/api/open-data/job_seekers_province_quarter_citizenship?format=json',
      '/open-data/job_seekers_province_quarter_citizenship.json',
      '/open-data/job_seekers_province_quarter_citizenship.csv',
    ]) {
      const res = await fetch(s.url + path);
      const body = await res.text();
      expect(body).toContain('window.__xss'); // the label is there, as data
      expect(res.headers.get('content-type')).toMatch(/^(application\/json|text\/csv)/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')!).toMatch(/script-src 'self'(;|$)/);
    }
  });

  it('keeps the exact text in every format, and spreadsheets do not run formulas', async () => {
    const out = s.services.paths.openData;
    const json = JSON.parse(
      readFileSync(join(out, 'job_seekers_province_quarter_citizenship.json'), 'utf8'),
    ) as { rows: Record<string, unknown>[] };
    expect(json.rows.some((r) => r.citizenship_label === PROJECT_TITLE)).toBe(true);
    const csv = parseCsv(
      readFileSync(join(out, 'job_seekers_province_quarter_citizenship.csv'), 'utf8'),
      { columns: true },
    ) as Record<string, string>[];
    expect(csv.some((r) => r.citizenship_label === PROJECT_TITLE)).toBe(true);
    const contract = parseCsv(
      readFileSync(join(out, 'placements_province_year_contract.csv'), 'utf8'),
      { columns: true },
    ) as Record<string, string>[];
    const labels = contract.map((r) => r.contract_type_label);
    expect(labels).toContain(`'=HYPERLINK("http://evil.example","x")`);
    expect(labels.some((l) => l.startsWith('='))).toBe(false);
  });
});
