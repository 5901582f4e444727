// A report is its dashboard page printed by Chromium: the same page, the same
// session (so the same scope and disclosure control), with a cover page
// (what, when, sources, method notes) put in front of it and page numbers in
// Chromium's header and footer. The tables printed are read back from the
// page and written to an XLSX, so the spreadsheet holds what the PDF shows.
import { chromium, type Browser } from 'playwright-core';
import { KPIS, isKpiCode } from '../warehouse/kpi/registry.ts';
import { coverHtml, footerTemplate, headerTemplate, type CoverContent } from './cover.ts';
import { reportKindTitle, reportPagePath, type ReportLang, type ReportRequest } from './request.ts';
import { tablesToXlsx, type ReportTable } from './xlsx.ts';
import { PAGE_FACTS_SCRIPT } from './pageFacts.ts';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium the reports print with: CHROMIUM_PATH, else /usr/bin/chromium (README). */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

export interface SessionCookie {
  name: string;
  value: string;
}

export interface RenderInput {
  /** The running server, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** The recipient's session: the page is read with their rights. */
  cookie: SessionCookie;
  request: ReportRequest;
  lang: ReportLang;
  generatedAt: Date;
  chromium?: string;
}

export interface RenderedReport {
  pdf: Buffer;
  xlsx: Buffer;
  /** The page's heading, e.g. "Progetto F31D23000140007 — …". */
  subject: string;
  tables: ReportTable[];
  /** KPI codes the page shows (their sources are on the cover). */
  kpis: string[];
}

export class ReportPageError extends Error {
  readonly code = 'REPORT_PAGE_REFUSED';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class ChromiumMissingError extends Error {
  readonly code = 'CHROMIUM_MISSING';
}

async function launch(executablePath: string): Promise<Browser> {
  try {
    return await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (err) {
    throw new ChromiumMissingError(
      `Chromium could not start from ${executablePath} (${(err as Error).message.split('\n')[0]}). Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH to its executable.`,
    );
  }
}

interface PageFacts {
  subject: string;
  alert: string;
  tables: ReportTable[];
  kpis: string[];
}

/** Renders one report. Each call starts and ends its own browser: reports are rare and a browser holds memory. */
export async function renderReport(input: RenderInput): Promise<RenderedReport> {
  const url = new URL(reportPagePath(input.request, input.lang), input.baseUrl).href;
  const browser = await launch(input.chromium ?? chromiumPath());
  try {
    // The cover's own style sheet is ours, added after the page loaded: the page's CSP is for the page's scripts.
    const context = await browser.newContext({ bypassCSP: true, locale: input.lang === 'it' ? 'it-IT' : 'en-GB', timezoneId: 'Europe/Rome' });
    await context.addCookies([{ name: input.cookie.name, value: input.cookie.value, url: input.baseUrl }]);
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });
    const status = response?.status() ?? 0;
    // Chart blocks and notes the reader can fold must all be on paper.
    const facts = (await page.evaluate(PAGE_FACTS_SCRIPT)) as PageFacts;
    const landed = new URL(page.url());
    if (landed.pathname !== new URL(url).pathname)
      throw new ReportPageError(401, `The page ${new URL(url).pathname} sent this user to ${landed.pathname}: their session is not valid (user disabled, or a demo user outside demo mode).`);
    if (status !== 200)
      throw new ReportPageError(status, `The page ${new URL(url).pathname} answered ${status} for this user: ${facts.subject}${facts.alert ? ` — ${facts.alert}` : ''}`.slice(0, 600));
    const lang = input.lang;
    const kpis = facts.kpis.filter(isKpiCode);
    if (facts.tables[0] && !facts.tables[0].header.length)
      facts.tables[0].header = lang === 'it' ? ['Indicatore', 'Valore', 'Variazione', 'Obiettivo', 'Stato'] : ['Indicator', 'Value', 'Change', 'Target', 'Status'];
    const cover: CoverContent = {
      lang,
      kind: reportKindTitle(input.request, lang),
      subject: facts.subject,
      generatedAt: input.generatedAt,
      pageUrl: new URL(url).pathname + new URL(url).search,
      sources: kpis.map((code) => {
        const k = KPIS[code];
        return { name: `${k.name[lang]} (${code})`, source: k.methodology.source[lang] };
      }),
    };
    await page.evaluate(`(() => {
      const main = document.querySelector('main') ?? document.body;
      const holder = document.createElement('div');
      holder.innerHTML = ${JSON.stringify(coverHtml(cover))};
      main.prepend(...holder.childNodes);
    })()`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(cover),
      footerTemplate: footerTemplate(lang),
      margin: { top: '18mm', bottom: '18mm', left: '12mm', right: '12mm' },
    });
    const xlsx = await tablesToXlsx(facts.tables, cover);
    return { pdf: Buffer.from(pdf), xlsx, subject: facts.subject, tables: facts.tables, kpis };
  } finally {
    await browser.close();
  }
}
