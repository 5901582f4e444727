// End-to-end: a download is the table shown. On the demo, in Chromium, the CSV
// of a KPI block (/explore) and of the occupations table (/mismatch) is
// downloaded from the page as a user would, and compared cell by cell with the
// table on the page: same rows in the same order, same columns, same headers,
// same names and codes, numbers equal once the page's format is parsed
// (Italian: ';', decimal comma, thousands dot). English pages give English
// headers and ',' with a decimal point. The metadata sidecar says what, how,
// where, when, from which source, under which licence and confidentiality rule.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { contextAs, openPage, realProblems, useSignedInDemo, type DemoServer } from './harness.ts';

let server: DemoServer;
let analyst: BrowserContext;
let director: BrowserContext;

const demo = useSignedInDemo('demo-analyst');
beforeAll(async () => {
  ({ server, context: analyst } = demo);
  director = await contextAs(demo.browser, server.base, 'demo-director');
}, 120_000);

type Lang = 'it' | 'en';

/** The file a link downloads, parsed with the page's conventions. */
async function downloaded(page: Page, link: Locator, lang: Lang): Promise<{ name: string; rows: string[][]; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.startsWith('\ufeff'), 'UTF-8 with BOM, so a spreadsheet reads the accents').toBe(true);
  const rows = parse(text.slice(1), { delimiter: lang === 'it' ? ';' : ',', relax_column_count: false }) as string[][];
  return { name: download.suggestedFilename(), rows, text };
}

const clean = (s: string) => s.replaceAll('\u00a0', ' ').replaceAll('\u202f', ' ').trim();

/**
 * The numbers written in a cell of the page ("40,1 %" → [40.1], "12 / 20" →
 * [12, 20], "1.234,50 €" → [1234.5]), in the page's language.
 */
function numbersIn(text: string, lang: Lang): number[] {
  const group = lang === 'it' ? '.' : ',';
  const decimal = lang === 'it' ? ',' : '.';
  const re = lang === 'it' ? /-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:,\d+)?/g : /-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?/g;
  return [...clean(text).matchAll(re)].map((m) => Number(m[0].replaceAll(group, '').replace(decimal, '.')));
}

/** A number of the file: no grouping, the page's decimal mark. */
const fileNumber = (cell: string, lang: Lang): number | null => (cell === '' ? null : Number(lang === 'it' ? cell.replace(',', '.') : cell));

/** The KPI block's table: header texts, each column's kind, and the cells' texts. */
async function kpiTable(page: Page) {
  const table = page.getByTestId('kpi-table');
  const head = await table.locator('thead th').evaluateAll((ths) => ths.map((th) => ({ text: th.textContent ?? '', kind: th.getAttribute('data-kind') ?? '' })));
  const body = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return { header: head.map((h) => clean(h.text)), kinds: head.map((h) => h.kind), body: body.map((r) => r.map(clean)) };
}

/** The KPI block's CSV equals its table, cell by cell. */
async function expectKpiFileIsTable(page: Page, lang: Lang): Promise<{ name: string; rows: string[][]; kinds: string[] }> {
  const shown = await kpiTable(page);
  expect(shown.body.length).toBeGreaterThan(1);
  const file = await downloaded(page, page.getByTestId('download-csv'), lang);
  const [header, ...rows] = file.rows;
  expect(header).toEqual(shown.header);
  expect(rows).toHaveLength(shown.body.length);
  rows.forEach((row, i) => {
    shown.kinds.forEach((kind, j) => {
      const cell = row[j];
      const text = shown.body[i][j];
      // A number of the file against the number the page wrote; a measure that is not a number (a date) as written.
      if (kind === 'measure' && (cell === '' || /^-?\d+(?:[.,]\d+)?$/.test(cell))) {
        const n = numbersIn(text, lang);
        expect(fileNumber(cell, lang), `row ${i + 1}, ${header[j]}: "${text}" vs "${cell}"`).toBe(n.length ? n[0] : null);
      } else {
        expect(cell, `row ${i + 1}, ${header[j]}`).toBe(text === '—' ? '' : text);
      }
    });
  });
  return { name: file.name, rows: file.rows, kinds: shown.kinds };
}

describe('KPI block on /explore', () => {
  it('Italian: the CSV is the table shown, codes beside names, ";" and decimal comma; metadata sidecar', async () => {
    const { page, problems } = await openPage(analyst, `${server.base}/explore?kpi=PL_RATE_6&by=province&lang=it`);
    const { name, rows, kinds } = await expectKpiFileIsTable(page, 'it');
    expect(name).toMatch(/^osservatorio_PL_RATE_6_per-provincia.*\.csv$/);
    // A province is both its ISTAT code and its name, in the same row.
    expect(kinds.slice(0, 2)).toEqual(['code', 'name']);
    expect(rows[0].slice(0, 2)).toEqual(['Provincia (codice)', 'Provincia']);
    const bari = rows.find((r) => r[0] === '272');
    expect(bari?.[1]).toBe('Bari');
    // Shares in per cent with a decimal comma, as the header says.
    expect(rows[0].some((h) => h.endsWith('(%)'))).toBe(true);
    expect(rows.slice(1).some((r) => r.some((c) => /^\d+,\d$/.test(c)))).toBe(true);

    const [meta] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-metadata').click()]);
    expect(meta.suggestedFilename()).toMatch(/^osservatorio_PL_RATE_6_per-provincia.*-metadati\.csv$/);
    const fields = (parse(readFileSync((await meta.path())!, 'utf8').slice(1), { delimiter: ';' }) as string[][]).map((r) => r[0]);
    for (const f of ['Indicatore', 'Numeratore', 'Denominatore', 'Righe per', 'Filtri', 'Periodo', 'Dati al', 'Fonte', 'Licenza', 'Riservatezza', 'Righe'])
      expect(fields).toContain(f);
    expect(realProblems(problems)).toEqual([]);
    await page.close();
  });

  it('sorted by a column, the file follows the order shown', async () => {
    const { page, problems } = await openPage(analyst, `${server.base}/explore?kpi=PL_RATE_6&by=province&lang=it`);
    await page.getByTestId('kpi-table').locator('thead th[data-kind=measure] button').first().click();
    await page.getByTestId('kpi-table').locator('thead th[data-kind=measure]').first().and(page.locator('[aria-sort=ascending]')).waitFor();
    await expectKpiFileIsTable(page, 'it');
    expect(realProblems(problems)).toEqual([]);
    await page.close();
  });

  it('English: English headers, "," and decimal point, the same rows', async () => {
    const { page, problems } = await openPage(analyst, `${server.base}/explore?kpi=SP_STAGE&by=programme&lang=en`);
    const { name, rows } = await expectKpiFileIsTable(page, 'en');
    expect(name).toMatch(/^osservatorio_SP_STAGE_by-programme.*\.csv$/);
    expect(rows[0][0]).toBe('Programme (code)');
    expect(rows[0].some((h) => h.endsWith('(€)'))).toBe(true);
    expect(realProblems(problems)).toEqual([]);
    await page.close();
  });
});

describe('occupations table on /mismatch', () => {
  it('the CSV holds every row and column shown, joined cells split, codes and names, numbers equal', async () => {
    const { page, problems } = await openPage(director, `${server.base}/mismatch?province=011&lang=it`);
    const table = page.getByTestId('occupation-ranking').locator('table');
    const header = (await table.locator('thead th').allTextContents()).map(clean);
    const shown = await page.getByTestId('occ-row').evaluateAll((trs) =>
      trs.map((tr) => ({
        code: tr.getAttribute('data-code') ?? '',
        name: (tr.querySelector('th')?.firstChild?.textContent ?? '').trim(),
        cells: [...tr.children].map((c) => c.textContent ?? ''),
      })),
    );
    expect(shown.length).toBeGreaterThan(0);
    const file = await downloaded(page, page.getByTestId('occupations-csv'), 'it');
    expect(file.name).toMatch(/^osservatorio_professioni-difficili_la-spezia.*\.csv$/);
    const [fileHeader, ...rows] = file.rows;
    // The file's columns are the table's, in its order: the occupation as code and name,
    // "12 / 20" as two counts, "30 % (3 su 10)" as the rate and its two counts.
    const [rank, occupation, share, counts, ...rest] = header;
    const reasons = rest.slice(0, -3);
    const [ttf, decl, flag] = rest.slice(-3);
    expect(fileHeader).toEqual([
      rank,
      `${occupation} (codice)`,
      occupation,
      `${share} (%)`,
      'Offerte di difficile reperimento',
      'Offerte chiuse',
      ...reasons.map((r) => `${r} (%)`),
      ttf,
      `${decl} (%)`,
      'Proposte rifiutate',
      'Proposte fatte',
      flag,
    ]);
    expect(counts).toBeTruthy();
    expect(rows).toHaveLength(shown.length);
    const n = (c: string) => fileNumber(c, 'it');
    shown.forEach((s, i) => {
      const r = rows[i];
      const cell = (j: number) => numbersIn(s.cells[j], 'it');
      const where = `row ${i + 1} (${s.code})`;
      expect(n(r[0]), where).toBe(i + 1);
      expect(cell(0), where).toEqual([i + 1]);
      expect([r[1], r[2]], where).toEqual([s.code, s.name]);
      expect([n(r[3])], where).toEqual(cell(2));
      expect([n(r[4]), n(r[5])], where).toEqual(cell(3));
      reasons.forEach((_, k) => expect(r[6 + k] === '' ? [] : [n(r[6 + k])], `${where} ${reasons[k]}`).toEqual(cell(4 + k)));
      const after = 6 + reasons.length;
      const ttfCell = cell(4 + reasons.length);
      expect(r[after] === '' ? [] : [n(r[after])], `${where} ${ttf}`).toEqual(ttfCell);
      const declCell = cell(5 + reasons.length);
      expect([r[after + 1], r[after + 2], r[after + 3]].filter((c) => c !== '').map(n), `${where} ${decl}`).toEqual(declCell);
      const flagText = clean(s.cells[6 + reasons.length]);
      expect(r[after + 4], `${where} ${flag}`).toBe(flagText);
    });
    // Its sidecar describes the table (title, method, KPIs, territory by name, source, licence, confidentiality).
    const [meta] = await Promise.all([page.waitForEvent('download'), page.getByTestId('occupations-metadata').click()]);
    const metaRows = parse(readFileSync((await meta.path())!, 'utf8').slice(1), { delimiter: ';' }) as string[][];
    const fields = metaRows.map((r) => r[0]);
    for (const f of ['Tabella', 'Metodo', 'Indicatore', 'Filtri', 'Periodo', 'Dati al', 'Fonte', 'Licenza', 'Riservatezza', 'Righe']) expect(fields).toContain(f);
    expect(metaRows.find((r) => r[0] === 'Filtri')?.[1]).toContain('La Spezia (011)');
    expect(metaRows.find((r) => r[0] === 'Righe')?.[1]).toBe(String(shown.length));
    expect(realProblems(problems)).toEqual([]);
    await page.close();
  });
});
