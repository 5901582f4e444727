// End-to-end, the words and numbers a person reads: every page, as each role
// that may open it, in Italian and in English (?lang=en), must show names, not
// codes or internals. Checked on the visible text (text nodes that are rendered,
// closed <details> opened first, select options, and title / aria-label texts),
// leaving out <code> elements, which show machine ids on purpose (the open-data
// file names, a KPI's code beside its name):
// - no ISO date (2025-10-31) and no ISO quarter (2025-Q3);
// - no enum token (snake_case such as on_track or fixed_term), and on Italian
//   pages none of the English status and class words (balanced, milestone, …);
// - no number in the other language's format (5,000 or 500K € on an Italian axis, 0.53
//   on an Italian page) and no raw float (0.5289);
// - in a table column or a picker about a coded dimension (province, occupation
//   group, ATECO section, contract type, indicator, …), no bare code: a cell
//   shows the name, with or without the code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIMENSIONS } from '../../warehouse/kpi/dimensions.ts';
import { DEMO_FUNDER_CUP } from '../../server/auth/demoUsers.ts';
import { contextAs, launchBrowser, openPage, realProblems, startDemoServer, type DemoServer } from './harness.ts';

const PROGRAMME = '/programmes/PNRR-M5C1-I1.1-GOL';
const PROJECT = `/projects/${DEMO_FUNDER_CUP}`;
const INTERNAL_PAGES = [
  '/',
  '/mismatch',
  '/mismatch?province=011',
  '/placements',
  '/spend',
  PROGRAMME,
  PROJECT,
  '/explore',
  '/explore?kpi=SP_TGT',
  '/explore?kpi=MM_FLAG&by=occupation_group,province',
  '/explore?kpi=PL_QUAL&by=contract_type',
  '/explore?kpi=MM_VAC&by=sector_section,quarter',
  '/explore?kpi=PL_EECR&by=month',
  '/open-data',
  '/methodology',
];
const PAGES_BY_ROLE: Record<string, { user: string | null; pages: string[] }> = {
  public: { user: null, pages: ['/open-data', '/methodology', '/login'] },
  director: { user: 'demo-director', pages: [...INTERNAL_PAGES, '/operations'] },
  analyst: { user: 'demo-analyst', pages: INTERNAL_PAGES.filter((p) => p !== PROGRAMME) },
  funder: { user: 'demo-funder', pages: ['/spend', PROJECT, '/open-data', '/methodology'] },
  admin: { user: 'demo-admin', pages: [...INTERNAL_PAGES, '/operations'] },
};

/** English words of statuses, classes and kinds that must be translated on an Italian page. */
const ENGLISH_ENUM_WORDS = /\b(balanced|shortage|surplus|milestone|on track|at risk|off track|fixed-term|permanent|unknown|not assessable)\b/i;

/** The names of dimensions whose values are codes with a name in the reference data (or the indicator list). */
const CODED_HEADERS = new Set(
  Object.values(DIMENSIONS)
    .filter((d) => d.labels || d.name === 'indicator')
    .filter((d) => !['project'].includes(d.name)) // a CUP is the project's public identifier, shown beside its title
    .flatMap((d) => [d.label.it, d.label.en]),
);

interface VisibleText {
  texts: string[];
  /** Cells of table columns (and select options) about a coded dimension: header → cell text. */
  coded: { header: string; text: string }[];
}

async function visibleText(page: Page, codedHeaders: string[]): Promise<VisibleText> {
  return page.evaluate((headers) => {
    for (const d of document.querySelectorAll('details')) (d as HTMLDetailsElement).open = true;
    const skip = (el: Element) => Boolean(el.closest('script, style, code, kbd, samp, noscript'));
    const visible = (el: Element) => el.tagName === 'OPTION' || (el as HTMLElement).checkVisibility?.({ visibilityProperty: true }) !== false;
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const s = (n.textContent ?? '').trim();
      if (el && s && !skip(el) && visible(el)) texts.push(s);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], img[alt]'))
      if (!skip(el)) for (const a of ['title', 'aria-label', 'alt']) if (el.getAttribute(a)) texts.push(el.getAttribute(a)!);
    const want = new Set(headers);
    const coded: { header: string; text: string }[] = [];
    for (const table of document.querySelectorAll('table')) {
      const heads = [...table.querySelectorAll('thead tr:last-child th')].map((th) => (th as HTMLElement).innerText.trim());
      heads.forEach((h, i) => {
        if (!want.has(h)) return;
        for (const row of table.querySelectorAll('tbody tr')) {
          const cell = row.children[i] as HTMLElement | undefined;
          if (cell && !skip(cell)) coded.push({ header: h, text: cell.innerText.trim() });
        }
      });
    }
    for (const select of document.querySelectorAll('select')) {
      const label = select.labels?.[0]?.innerText.trim() ?? '';
      if (!want.has(label)) continue;
      for (const o of select.querySelectorAll('option')) if (o.value) coded.push({ header: label, text: o.text.trim() });
    }
    return { texts, coded };
  }, codedHeaders);
}

/** What is wrong with a page's visible text, one line per finding. */
function textFindings(v: VisibleText, lang: 'it' | 'en'): string[] {
  const out: string[] = [];
  const rules: [string, RegExp][] = [
    ['ISO date', /\b\d{4}-\d{2}-\d{2}\b/],
    ['ISO quarter', /\b\d{4}-Q[1-4]\b/],
    ['enum token', /\b[a-z]+(?:_[a-z0-9]+)+\b/],
    ['raw float', /\d[.,]\d{4,}\b/],
  ];
  if (lang === 'it') {
    rules.push(['English enum word', ENGLISH_ENUM_WORDS]);
    rules.push(['English thousands separator', /(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])/]);
    // "500K €": Italian writes 500.000 € (and 1,2 Mln € from a million).
    rules.push(['English thousands abbreviation', /\d[kK](?:\s*€|\b)/]);
    // A number inside a name is not a decimal: the investment "I1.1" of
    // "PNRR M5C1 I1.1", the licence "CC BY 4.0" ("Attribuzione 4.0
    // Internazionale" in its Italian name), a publication's numbered table
    // cited by its title ("Tabella 1.2 Programma GOL: …").
    rules.push(['English decimal point', /(?<![\p{L}\d.-])(?<!(?:CC BY(?:-[A-Z]{2})?|Attribuzione|Attribution|Tabella|Tavola) )\d+\.\d{1,2}(?![\d.])/u]);
  } else {
    rules.push(['Italian decimal comma', /(?<![\d,])\d+,\d{1,2}(?![\d,])\s*(%|€|p\.p\.)?/]);
  }
  for (const s of v.texts)
    for (const [name, re] of rules) {
      // An English term quoted in brackets after its Italian name is a gloss
      // ("Traguardi (milestone)"), not an untranslated value.
      const text = name === 'English enum word' ? s.replace(/\([a-z -]+\)/gi, '') : s;
      if (re.test(text)) out.push(`${name}: «${s.slice(0, 160)}»`);
    }
  // A name has a word of three letters or more once code-like tokens (with a digit) are taken out.
  for (const c of v.coded)
    if (!/\p{L}{3,}/u.test(c.text.replace(/\b[\w.:-]*\d[\w.:-]*\b/g, ''))) out.push(`bare code under «${c.header}»: «${c.text}»`);
  return [...new Set(out)];
}

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

describe('the text of every page, for every role, in Italian and English', () => {
  for (const [role, { user, pages }] of Object.entries(PAGES_BY_ROLE)) {
    it(`${role}: names, dates, quarters and numbers as people read them`, async () => {
      const context: BrowserContext = await contextAs(browser, server.base, user);
      const findings: string[] = [];
      for (const path of pages)
        for (const lang of ['it', 'en'] as const) {
          // The language is always asked for: the page remembers the last one in a cookie.
          const url = `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
          const { page, problems } = await openPage(context, `${server.base}${url}`);
          const status = realProblems(problems).filter((p) => /^\d{3}: /.test(p) && !p.includes('favicon'));
          expect(status, `${role} ${url}`).toEqual([]);
          const text = await visibleText(page, [...CODED_HEADERS]);
          expect(text.texts.length, `${url} shows text`).toBeGreaterThan(10);
          for (const f of textFindings(text, lang)) findings.push(`${url}: ${f}`);
          await page.close();
        }
      await context.close();
      expect(findings, findings.join('\n')).toEqual([]);
    }, 600_000);
  }
});
