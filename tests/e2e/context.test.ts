// End-to-end: the "Mercato del lavoro" page on the demo server (whose
// warehouse holds the shipped COB and Focus GOL excerpts, loaded by the demo)
// in real Chromium, signed in as the director. For Basilicata and for Puglia
// (chosen as a region, and through a province) the tables show avviamenti,
// cessazioni and saldo by quarter with the year earlier, and GOL prese in
// carico and occupati, equal to the fixture files read here on their own;
// with source, publication and date, in Italian: no ISO date, no bare code,
// quarters as "III trim. 2025". Each download equals its table. An invalid
// region parameter is named on the page. Beside them, the ISTAT and Eurostat
// context statistics of the region and its provinces (the demo loads Eurostat's
// population and GDP by NUTS 3), equal to the excerpts read here, every code
// by its name. Axe clean, no console errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, realProblems, useSignedInDemo } from './harness.ts';
import { COB, COB_EARLIER, cobRows, GOL_1_1, GOL_1_2, GOL_2_2, golRows } from '../official/fixture.ts';
import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { territories } from '../../demo/territories.ts';
import { REFERENCE_DIR } from '../../warehouse/reference/loadReferenceData.ts';
import { BASILICATA_NUTS, GDP_TSV, latestSeries, POPULATION_TSV, type LatestSeries } from '../helpers/eurostatTsv.ts';

const demo = useSignedInDemo('demo-director');

// Italian figures as the publications write them: thousands grouped from four digits (1.205), which Intl's it-IT does only when asked.
const it_ = (v: number) => new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0, useGrouping: 'always' }).format(v);
const itSigned = (v: number) => new Intl.NumberFormat('it-IT', { signDisplay: 'exceptZero', useGrouping: 'always' }).format(v);
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();
const ROMAN = ['I', 'II', 'III', 'IV'];

async function table(page: Page, testid: string): Promise<{ headers: string[]; rows: string[][] }> {
  const t = page.getByTestId(testid);
  const headers = (await t.locator('thead th').allInnerTexts()).map(plain);
  const rows = await t
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c as HTMLElement).innerText)));
  return { headers, rows: rows.map((r) => r.map(plain)) };
}

/** The CSV behind a download link (a data URL), parsed as CSV on ';' (a cell may quote a ';'). */
async function download(page: Page, testid: string): Promise<string[][]> {
  const href = await page.getByTestId(testid).getAttribute('href');
  const text = decodeURIComponent(href!.replace(/^data:text\/csv;charset=utf-8,/, '')).replace(/^\uFEFF/, '');
  return parse(text, { delimiter: ';', skip_empty_lines: true }) as string[][];
}

const cob = [...cobRows(readFileSync(COB_EARLIER, 'utf8')), ...cobRows(readFileSync(COB, 'utf8'))];

/** The flows of the fixture for a region label: avviamenti, cessazioni, saldo of a quarter. */
function flows(regione: string, anno: number, trimestre: string) {
  const at = (f: string) => cob.find((r) => r.regione === regione && r.anno === String(anno) && r.trimestre === trimestre && r.flusso === f)?.rapporti;
  const a = at('avviamenti');
  const c = at('cessazioni');
  return { a, c, s: a !== undefined && c !== undefined ? a - c : undefined };
}

async function checkRegion(page: Page, regione: string) {
  const { headers, rows } = await table(page, 'cob-table');
  expect(headers.slice(0, 4)).toEqual(['Trimestre', 'Avviamenti', 'Avviamenti – stesso trimestre un anno prima', 'Avviamenti – variazione %']);
  expect(headers).toContain('Inserimenti avviati – nostri dati');
  const quarters = [...new Set(cob.filter((r) => r.regione === regione).map((r) => `${r.anno}-${r.trimestre}`))].sort().reverse();
  expect(rows.map((r) => r[0])).toEqual(quarters.map((q) => `${ROMAN[Number(q.split('-')[1]) - 1]} trim. ${q.split('-')[0]}`));
  for (const [i, q] of quarters.entries()) {
    const [anno, trimestre] = q.split('-');
    const now = flows(regione, Number(anno), trimestre);
    const before = flows(regione, Number(anno) - 1, trimestre);
    const row = rows[i];
    expect(row[headers.indexOf('Avviamenti')]).toBe(it_(now.a!));
    expect(row[headers.indexOf('Cessazioni')]).toBe(it_(now.c!));
    expect(row[headers.indexOf('Saldo')].replace('−', '-')).toBe(itSigned(now.s!).replace('−', '-'));
    expect(row[headers.indexOf('Avviamenti – stesso trimestre un anno prima')]).toBe(before.a === undefined ? '—' : it_(before.a));
    expect(row[headers.indexOf('Fonte')]).toBe('Ministero del Lavoro e delle Politiche Sociali – Comunicazioni obbligatorie');
    expect(row[headers.indexOf('Pubblicazione')]).toBe('Allegato-III-Trimestre-CO-2025.xlsx');
    expect(row[headers.indexOf('Data di pubblicazione')]).toMatch(/^non indicata nel file caricato \(caricato il \d{2}\/\d{2}\/\d{4}\)$/);
  }
  // III trim. 2025 against III trim. 2024, as published.
  const q3 = flows(regione, 2025, '3');
  const q3before = flows(regione, 2024, '3');
  expect(rows[0][headers.indexOf('Avviamenti – stesso trimestre un anno prima')]).toBe(it_(q3before.a!));
  expect(rows[0][headers.indexOf('Saldo – stesso trimestre un anno prima')].replace('−', '-')).toBe(itSigned(q3before.s!).replace('−', '-'));
  expect(q3.a).toBeDefined();
  // III trim. 2025's saldo has four digits in both regions (Basilicata +2787, Puglia −1134): written
  // with its thousands point, as the Ministry's notes write it, not as CLDR leaves it ("+2787").
  expect(Math.abs(q3.s!)).toBeGreaterThanOrEqual(1000);
  expect(Math.abs(q3.s!)).toBeLessThan(10000);
  const saldo = rows[0][headers.indexOf('Saldo')].replace('−', '-');
  expect(saldo).toMatch(/^[+-]\d\.\d{3}$/);
  expect(Number(saldo.replace('.', ''))).toBe(q3.s);

  // GOL: prese in carico by path and occupati at 31/12/2025, as in the Focus GOL tables.
  const gol = await table(page, 'gol-table');
  const byVar = (file: string, v: string) => golRows(file).find((r) => r.dimensione === 'regione' && r.etichetta === regione && r.variabile === v)!.valore;
  const cell = (label: string, path: string, col: string) => gol.rows.find((r) => r[0] === label && r[1] === path)?.[gol.headers.indexOf(col)];
  expect(cell('Prese in carico nel Programma GOL (dall\'avvio alla data)', 'Percorso 1 – Reinserimento lavorativo', 'Valore pubblicato')).toBe(it_(byVar(GOL_1_2, '1_reinserimento_lavorativo_ass')));
  expect(cell('Prese in carico nel Programma GOL (dall\'avvio alla data)', 'Percorso 3 – Riqualificazione (reskilling)', 'Valore pubblicato')).toBe(it_(byVar(GOL_1_2, '3_riqualificazione_reskilling_ass')));
  expect(cell('Individui occupati alla data di riferimento', 'Tutti i percorsi', 'Valore pubblicato')).toBe(it_(byVar(GOL_2_2, 'occupati_totale')));
  expect(cell('Individui presi in carico (dall\'avvio alla data)', 'Tutti i percorsi', 'Valore pubblicato')).toBe(it_(byVar(GOL_2_2, 'presi_in_carico')));
  // Over all paths, the total since the start that Tabella 1.1 prints.
  const total11 = golRows(GOL_1_1).find((r) => r.data === '2025-12-31' && r.etichetta === regione && r.variabile === 'totale')!;
  expect(cell('Prese in carico nel Programma GOL (dall\'avvio alla data)', 'Tutti i percorsi', 'Valore pubblicato')).toBe(it_(total11.valore));
  expect(cell('Prese in carico nel Programma GOL (dall\'avvio alla data)', 'Tutti i percorsi', 'Pubblicazione')).toBe(total11.titolo);
  // Our intakes over all paths are the paths' intakes added up, each shown on its own row.
  const ownCol = gol.headers.find((h) => h.startsWith('Nostri dati'))!;
  const ownByPath = gol.rows
    .filter((r) => r[0] === 'Prese in carico nel Programma GOL (dall\'avvio alla data)' && r[1] !== 'Tutti i percorsi')
    .map((r) => Number(r[gol.headers.indexOf(ownCol)].replace(/\./g, '')));
  expect(ownByPath.length).toBeGreaterThan(0);
  expect(ownByPath.every(Number.isInteger)).toBe(true);
  expect(cell('Prese in carico nel Programma GOL (dall\'avvio alla data)', 'Tutti i percorsi', ownCol)).toBe(it_(ownByPath.reduce((a, b) => a + b, 0)));
  expect(new Set(gol.rows.map((r) => r[gol.headers.indexOf('Obiettivo')]))).toEqual(new Set(['obiettivo non disponibile']));
  // With no target loaded for the region, no empty due-date or share column.
  expect(gol.headers).not.toContain('Scadenza dell’obiettivo');
  expect(new Set(gol.rows.map((r) => r[gol.headers.indexOf('Data di riferimento')]))).toEqual(new Set(['31/12/2025']));
  expect(new Set(gol.rows.map((r) => r[gol.headers.indexOf('Fonte')]))).toEqual(new Set(['INAPP, Focus GOL, su dati MLPS – Sistema Informativo Unitario']));
  // The publication is the Focus table each figure comes from, by its printed title: prese in carico from one, people from the other.
  const title = (file: string) => golRows(file)[0].titolo;
  expect(cell('Prese in carico nel Programma GOL (dall\'avvio alla data)', 'Percorso 1 – Reinserimento lavorativo', 'Pubblicazione')).toBe(title(GOL_1_2));
  expect(cell('Individui occupati alla data di riferimento', 'Tutti i percorsi', 'Pubblicazione')).toBe(title(GOL_2_2));
  // The source line above the table cites every table the rows come from, not only the first row's.
  const sourceLine = await page.getByTestId('gol-source').innerText();
  for (const t of [total11.titolo, title(GOL_1_2), title(GOL_2_2)]) expect(sourceLine).toContain(t);

  // Each download holds the table shown: same header, same rows, numbers without grouping and with a decimal comma.
  const cobFile = await download(page, 'cob-csv');
  expect(cobFile[0]).toEqual(headers);
  expect(cobFile.slice(1).map((r) => r[0])).toEqual(rows.map((r) => r[0]));
  for (const [i, r] of rows.entries())
    for (const h of ['Avviamenti', 'Cessazioni', 'Saldo'])
      expect(cobFile[i + 1][headers.indexOf(h)]).toBe(r[headers.indexOf(h)].replace(/\./g, '').replace('+', '').replace('−', '-'));
  const golFile = await download(page, 'gol-csv');
  expect(golFile[0]).toEqual(gol.headers);
  expect(golFile.length - 1).toBe(gol.rows.length);

  // Prese in carico by year of intake, newest first, as Tabella 1.1 of 31/12/2025 counts them: every year complete.
  const years = await table(page, 'gol-years-table');
  const published = golRows(GOL_1_1)
    .filter((r) => r.data === '2025-12-31' && r.etichetta === regione && /^\d{4}$/.test(r.variabile))
    .reverse();
  expect(years.rows.map((r) => r[0])).toEqual(['2025', '2024', '2023', '2022']);
  expect(years.rows.map((r) => r[years.headers.indexOf('Prese in carico nell’anno')])).toEqual(published.map((r) => it_(r.valore)));
  expect(new Set(years.rows.map((r) => r[years.headers.indexOf('Note sul dato')]))).toEqual(new Set(['nessuna (dato non segnalato come provvisorio o stimato)']));
  const yearsFile = await download(page, 'gol-years-csv');
  expect(yearsFile[0]).toEqual(years.headers);
  expect(yearsFile.slice(1).map((r) => Number(r[1]))).toEqual(published.map((r) => r.valore));

  // Italian throughout: no ISO date and no bare region code in the page's text.
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
  expect(text).not.toMatch(/\b\d{4}-Q[1-4]\b/);
  expect(text).toContain(`— ${regione}`);
}

const csvRows = (file: string) => parse(readFileSync(file), { columns: true }) as Record<string, string>[];

/** The demo's offices in a region, from its seed, placed by the ISTAT comuni list. */
function officesIn(region: string) {
  const comuni = new Map(csvRows(join(REFERENCE_DIR, 'comuni.csv')).map((c) => [c.codice_comune, c]));
  return territories()
    .flatMap((t) => t.offices)
    .filter((o) => comuni.get(o.comune_code)!.cod_regione === region);
}

/** The demo's offices in a region, as the network table should list them, from the demo's seed and the ISTAT lists. */
function networkOf(region: string): string[][] {
  const comuni = new Map(csvRows(join(REFERENCE_DIR, 'comuni.csv')).map((c) => [c.codice_comune, c]));
  const provinces = new Map(csvRows(join(REFERENCE_DIR, 'province.csv')).map((p) => [p.cod_uts, p.uts]));
  const kinds = new Map(
    csvRows(join(import.meta.dirname, '..', '..', 'warehouse', 'reference', 'code_lists.csv'))
      .filter((k) => k.list === 'office_kind')
      .map((k) => [k.code, k.label_it]),
  );
  return officesIn(region)
    .map((o) => {
      const c = comuni.get(o.comune_code)!;
      return [o.name, kinds.get(o.kind)!, c.denominazione, provinces.get(c.cod_uts)!];
    })
    .sort((a, b) => a[3].localeCompare(b[3], 'it') || a[2].localeCompare(b[2], 'it') || a[0].localeCompare(b[0], 'it'));
}

/** The offices map's legend, one class per number of offices a comune hosts (fewer than five distinct counts). */
function officeCountLabels(officeComuni: string[]): string[] {
  const perComune = new Map<string, number>();
  for (const c of officeComuni) perComune.set(c, (perComune.get(c) ?? 0) + 1);
  const counts = [...new Set(perComune.values())].sort((a, b) => a - b);
  expect(counts.length).toBeLessThanOrEqual(5);
  return counts.map((n) => `${n} ${n === 1 ? 'ufficio' : 'uffici'}`);
}

const STATS_HEADERS = [
  'Territorio',
  'Statistica',
  'Popolazione di riferimento',
  'Unità di misura',
  'Periodo',
  'Valore',
  'Stesso periodo un anno prima',
  'Valore un anno prima',
  'Differenza',
  'Note sul dato',
  'Fonte',
  'Caricato il',
];

/** A published figure as an Italian reader writes it: grouped thousands, decimals as printed. */
const itFigure = (v: number | null) =>
  v === null ? '—' : new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2, useGrouping: 'always' }).format(v);

/**
 * The context statistics table checked against the demo's two Eurostat
 * excerpts read on their own: one row per series of Basilicata and its
 * provinces, figures as printed, every code by its name.
 */
async function checkContextStatistics(page: Page) {
  const { headers, rows } = await table(page, 'stats-table');
  expect(headers).toEqual(STATS_HEADERS);
  const labels = csvRows(join(REFERENCE_DIR, 'context_labels.csv'));
  const name = (kind: string, code: string) => labels.find((l) => l.kind === kind && l.code === code)!.label_it;
  const sexes: Record<string, string> = { T: 'maschi e femmine', F: 'femmine' };
  const ages: Record<string, string> = { TOTAL: 'tutte le età', 'Y15-64': '15–64 anni' };
  const population = (s: LatestSeries) => [sexes[s.sex], ages[s.age]].filter(Boolean).join('; ') || '—';
  const expected = [
    ...latestSeries(POPULATION_TSV, BASILICATA_NUTS).map((s) => ({ ...s, dataset: 'DEMO_R_PJANAGGR3' })),
    ...latestSeries(GDP_TSV, BASILICATA_NUTS).map((s) => ({ ...s, dataset: 'NAMA_10R_3GDP' })),
  ];
  expect(rows).toHaveLength(expected.length);
  const col = (h: string) => headers.indexOf(h);
  const file = await download(page, 'stats-csv');
  expect(file[0]).toEqual(headers);
  for (const s of expected) {
    const i = rows.findIndex(
      (r) =>
        r[0] === `${s.area} (${s.sourceTerritory})` &&
        r[col('Statistica')] === name('dataset', s.dataset) &&
        r[col('Popolazione di riferimento')] === population(s) &&
        r[col('Unità di misura')] === name('unit', s.unit),
    );
    expect(i, `${s.sourceTerritory} ${s.dataset} ${s.unit} ${s.sex} ${s.age}`).toBeGreaterThanOrEqual(0);
    const r = rows[i];
    expect([r[col('Periodo')], r[col('Valore')], r[col('Stesso periodo un anno prima')], r[col('Valore un anno prima')]]).toEqual([
      s.latest.period,
      itFigure(s.latest.value),
      s.yearEarlier.period,
      itFigure(s.yearEarlier.value),
    ]);
    expect(r[col('Fonte')]).toBe(`Eurostat, dataset ${s.dataset.toLowerCase()}`);
    expect(r[col('Caricato il')]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    // The download holds the same row, the figures as published (decimal comma, no grouping).
    expect(file[i + 1].slice(0, 5)).toEqual(r.slice(0, 5));
    expect(file[i + 1][col('Valore')]).toBe(String(s.latest.value).replace('.', ','));
  }
  // Every code is named: none is left as "(codice della fonte)".
  expect(rows.flat().join(' ')).not.toContain('codice della fonte');
}

describe('the "Mercato del lavoro" page', () => {
  it('shows Basilicata’s official figures as published, with source and date, beside ours', async () => {
    const { page, problems } = await demo.open('/context?region=17');
    expect(realProblems(problems)).toEqual([]);
    await expect(page.locator('h1').innerText()).resolves.toBe('Mercato del lavoro');
    await checkRegion(page, 'Basilicata');
    await checkContextStatistics(page);
    expect(await page.getByTestId('no-target').innerText()).toMatch(/^Obiettivo non disponibile/);
    expect(await page.getByTestId('own-cob-note').innerText()).toMatch(/^Nostri dati: /);
    // The agency's offices in Basilicata (ARLAB's HUB and SPOKE), all by name; their catchment is said to be unknown.
    const network = await table(page, 'network-table');
    expect(network.headers).toEqual(['Ufficio', 'Tipo', 'Comune', 'Provincia']);
    const expected = networkOf('17');
    expect(expected.length).toBeGreaterThan(3);
    expect(network.rows).toEqual(expected);
    expect(await download(page, 'network-csv')).toEqual([network.headers, ...expected]);
    expect(await page.getByTestId('own-network-note').innerText()).toMatch(/^Comuni serviti da ciascun ufficio: non disponibili/);
    // The map: every comune of Matera and Potenza, shaded where an office stands (the table's comuni).
    const map = page.getByTestId('network-map');
    const comuniOf = csvRows(join(REFERENCE_DIR, 'comuni.csv')).filter((c) => c.cod_uts === '076' || c.cod_uts === '077');
    expect(await map.locator('svg path').count()).toBe(comuniOf.length);
    const shaded = await map.locator('[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    const officeComuni = territories()
      .flatMap((t) => t.offices)
      .filter((o) => comuniOf.some((c) => c.codice_comune === o.comune_code))
      .map((o) => o.comune_code);
    expect(new Set(shaded)).toEqual(new Set(officeComuni));
    expect(await page.getByTestId('network-map-legend').locator('li').allInnerTexts()).toEqual([...officeCountLabels(officeComuni), 'nessun ufficio']);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows Puglia’s through one of its provinces (Bari), and the nav links to the page', async () => {
    const { page, problems } = await demo.open('/context?province=272');
    expect(realProblems(problems)).toEqual([]);
    await checkRegion(page, 'Puglia');
    // The demo loads no ISTAT or Eurostat statistics for Puglia: said, not an empty table.
    expect(await page.getByTestId('no-stats').innerText()).toBe('Nessuna statistica ISTAT o Eurostat caricata per questa regione o le sue province.');
    // Porta Futuro Bari and its metropolitan desks, and the CPI.
    const puglia = networkOf('16');
    expect((await table(page, 'network-table')).rows).toEqual(puglia);
    // Bari has two offices (Porta Futuro and the CPI): the legend names the counts, not "< 2" and "≥ 2".
    const labels = officeCountLabels(officesIn('16').map((o) => o.comune_code));
    expect(labels).toEqual(['1 ufficio', '2 uffici']);
    expect(await page.getByTestId('network-map-legend').locator('li').allInnerTexts()).toEqual([...labels, 'nessun ufficio']);
    await expect(page.locator('nav a[href="/context"]').innerText()).resolves.toBe('Mercato del lavoro');
    await page.close();
  });

  it('is available in English (?lang=en): headers, quarters and the target note', async () => {
    const { page, problems } = await demo.open('/context?region=17&lang=en');
    expect(realProblems(problems)).toEqual([]);
    await expect(page.locator('h1').innerText()).resolves.toBe('Labour market');
    const { headers, rows } = await table(page, 'cob-table');
    expect(headers.slice(0, 2)).toEqual(['Quarter', 'Hires (relationships started)']);
    expect(rows[0][0]).toBe('Q3 2025');
    const a = flows('Basilicata', 2025, '3').a!;
    expect(rows[0][1]).toBe(new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(a));
    expect(await page.getByTestId('no-target').innerText()).toMatch(/^Target not available/);
    // The context statistics in English too: the dataset's title and its unit as Eurostat names them.
    const stats = await table(page, 'stats-table');
    expect(stats.headers.slice(0, 4)).toEqual(['Territory', 'Statistic', 'Population', 'Unit of measure']);
    expect(stats.rows[0].slice(0, 4)).toEqual(['Basilicata (ITF5)', 'Population on 1 January by broad age group, sex and NUTS 3 region', 'both sexes; all ages', 'number']);
    await page.close();
  });

  it('the open-data page offers the official series for reuse, with terms and attribution; the CSV is public', async () => {
    const { page, problems } = await demo.open('/open-data?lang=it');
    expect(realProblems(problems)).toEqual([]);
    const section = page.getByTestId('official-mlps_cob_regionale_trimestrale');
    expect(await section.getByTestId('attribution').innerText()).toBe('«Fonte: Ministero del Lavoro e delle Politiche Sociali – Comunicazioni obbligatorie»');
    expect(await section.getByTestId('licence').innerText()).toMatch(/^Dati di tipo aperto ai sensi dell'art\. 52/);
    const text = await section.innerText();
    // Both fixtures' quarters, written out: 2023-Q4 … 2025-Q3.
    expect(text, text).toContain('IV trim. 2023 a III trim. 2025');
    expect(text).not.toMatch(/\b\d{4}-(Q[1-4]|\d{2}-\d{2})\b/);
    const figures = cob.length * 3;
    expect(plain(await section.getByTestId('official-csv').locator('..').innerText())).toContain(`(${it_(figures)} valori)`);
    expect(await page.getByTestId('official-inapp_focus_gol_regionale').count()).toBe(1);
    // A reuser reads what the CSV's flags column may hold, every code in words.
    expect(await page.getByTestId('official-flags').innerText()).toBe(
      'Codici della colonna «flags»: p = provvisorio; e = stimato; c = riservato; na = non disponibile; b = confini diversi da oggi.',
    );
    expect(await axeViolations(page)).toEqual([]);
    const href = await section.getByTestId('official-csv').getAttribute('href');
    await page.close();

    // Public: fetched with no session, every figure of the publication, Basilicata's avviamenti to the unit.
    const res = await fetch(`${demo.server.base}${href}`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines.length - 1).toBe(figures);
    const header = lines[0].split(',');
    const basilicata = lines
      .map((l) => l.split(','))
      .filter((c) => c[header.indexOf('measure')] === 'cob_rapporti_attivati' && c[header.indexOf('territory_code')] === '17' && c[header.indexOf('period')] === '2025-Q3');
    expect(basilicata.map((c) => Number(c[header.indexOf('value')]))).toEqual([flows('Basilicata', 2025, '3').a]);
    expect((await fetch(`${demo.server.base}/open-data/official/not_loaded.csv`)).status).toBe(404);
  });

  it('names an invalid region parameter and shows no figures', async () => {
    const { page } = await demo.open('/context?region=ZZ');
    const alert = await page.getByTestId('param-alert').innerText();
    expect(alert).toContain('region');
    expect(alert).toContain('ZZ');
    await expect(page.getByTestId('choose-region').count()).resolves.toBe(1);
    await page.close();
  });
});
