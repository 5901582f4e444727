// The app's formats and names ($lib/labels): dates, quarters, timestamps and
// numbers as an Italian or English reader writes them, and codes shown by
// name. Expected strings are written out by hand, not produced by Intl here.
import { describe, expect, it } from 'vitest';
import {
  codeLabel,
  feedName,
  formatCount,
  formatDate,
  formatEuro,
  formatEuroCompact,
  formatMonth,
  formatPercent,
  formatPeriod,
  formatPoints,
  formatQuarter,
  formatTimestamp,
  formatValue,
  identifierParts,
  jobName,
  numberFormat,
  printedChange,
  scheduleName,
  sentenceCase,
  t,
  valueText,
} from '../../dashboard/src/lib/labels/index.ts';
import { axisFormat } from '../../dashboard/src/lib/charts/format.ts';
import { JOBS } from '../../jobs/definitions.ts';
import { numberFormat as warehouseNumberFormat } from '../../warehouse/readableNumber.ts';

// Intl puts a narrow no-break space before % in Italian and between number and € sign.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('dates', () => {
  it('a day is 31/10/2025 in both languages, never ISO', () => {
    expect(formatDate('it', '2025-10-31')).toBe('31/10/2025');
    expect(formatDate('en', '2025-10-31')).toBe('31/10/2025');
    expect(formatDate('it', '2025-01-05')).toBe('05/01/2025');
  });

  it('a timestamp gives its day in Italian local time: 23:30 UTC on 31 October is already 1 November in Rome', () => {
    expect(formatDate('it', '2025-10-31T23:30:00Z')).toBe('01/11/2025');
  });

  it('a timestamp is shown in Europe/Rome, summer and winter time', () => {
    expect(formatTimestamp('it', '2025-07-15T10:05:00Z')).toBe('15/07/2025, 12:05');
    expect(formatTimestamp('it', '2025-12-15T10:05:00Z')).toBe('15/12/2025, 11:05');
    expect(formatTimestamp('en', '2025-12-15T23:05:00Z')).toBe('16/12/2025, 00:05');
  });

  it('a timestamp written without a zone is UTC, as the warehouse stores it', () => {
    expect(formatTimestamp('it', '2025-07-15 10:05:00')).toBe('15/07/2025, 12:05');
    expect(formatTimestamp('it', '2025-12-15T10:05:00.123')).toBe('15/12/2025, 11:05');
  });

  it('missing or unreadable dates: a dash, or the text as given', () => {
    expect(formatDate('it', null)).toBe('—');
    expect(formatDate('it', 'not a date')).toBe('not a date');
  });
});

describe('periods', () => {
  it('a quarter is "III trim. 2025" in Italian and "Q3 2025" in English', () => {
    expect(formatQuarter('it', '2025-Q3')).toBe('III trim. 2025');
    expect(formatQuarter('it', '2024-Q4')).toBe('IV trim. 2024');
    expect(formatQuarter('en', '2025-Q1')).toBe('Q1 2025');
  });

  it('a month is "ott 2025" / "Oct 2025"', () => {
    expect(formatMonth('it', '2025-10')).toBe('ott 2025');
    expect(formatMonth('en', '2025-10')).toBe('Oct 2025');
  });

  it('formatPeriod tells day, month, quarter, half-year and year apart', () => {
    expect(formatPeriod('it', '2025-10-31')).toBe('31/10/2025');
    expect(formatPeriod('it', '2025-02')).toBe('feb 2025');
    expect(formatPeriod('it', '2025-Q2')).toBe('II trim. 2025');
    expect(formatPeriod('it', '2025-S1')).toBe('I sem. 2025');
    expect(formatPeriod('en', '2025-S2')).toBe('H2 2025');
    expect(formatPeriod('it', '2025')).toBe('2025');
  });
});

describe('numbers', () => {
  it('shares as percentages with a decimal comma in Italian, point in English', () => {
    expect(plain(formatPercent('it', 0.5289))).toBe('52,9%');
    expect(formatPercent('en', 0.5289)).toBe('52.9%');
    expect(plain(formatValue('it', 0.873, 'share'))).toBe('87,3%');
  });

  it('counts group thousands with a point in Italian and a comma in English', () => {
    expect(formatValue('it', 50000, 'count')).toBe('50.000');
    expect(formatValue('it', 5000, 'count')).toBe('5.000');
    expect(formatValue('en', 5000, 'count')).toBe('5,000');
    expect(formatValue('it', 1234567.25, 'value')).toBe('1.234.567,3');
  });

  it('a published figure keeps its own decimals and is never read as a share', () => {
    // Eurostat: Basilicata's GDP in million euro, an unemployment rate already in %, a population.
    expect(formatValue('it', 15252.69, 'as_published')).toBe('15.252,69');
    expect(formatValue('it', 4.8, 'as_published')).toBe('4,8');
    expect(formatValue('it', 541168, 'as_published')).toBe('541.168');
    expect(formatValue('en', 15252.69, 'as_published')).toBe('15,252.69');
  });

  // CLDR, and so Intl's it-IT in Node and Chromium, writes 1205 beside 12.050;
  // ISTAT, the Ministry and INAPP write 1.205, and so does every page here.
  it('Italian groups thousands from four digits, as Italian publications do', () => {
    expect(formatCount('it', 1205)).toBe('1.205');
    expect(formatCount('it', 1234.5)).toBe('1.234,5');
    expect(formatCount('it', 999)).toBe('999');
    expect(formatCount('it', -1205)).toBe('-1.205');
    expect(formatCount('en', 1205)).toBe('1,205');
    expect(plain(formatEuro('it', 1205, true))).toBe('1.205 €');
    expect(plain(formatEuro('it', 1205))).toBe('1.205,00 €');
    expect(plain(formatEuroCompact('it', 1234567))).toBe('1,2 Mln €');
    expect(plain(formatEuroCompact('it', 500000))).toBe('500.000 €');
    expect(formatEuroCompact('en', 500000)).toMatch(/^€500(\.0)?k$/i);
    expect(plain(numberFormat('it', { signDisplay: 'exceptZero', maximumFractionDigits: 0 }).format(1205))).toBe('+1.205');
    // A caller that asks for no grouping still gets none.
    expect(numberFormat('it', { useGrouping: false }).format(1205)).toBe('1205');
  });

  it("the warehouse's texts (alert e-mails, revision notes) group Italian numbers the same way", () => {
    expect(warehouseNumberFormat('it').format(1205)).toBe('1.205');
    expect(warehouseNumberFormat('it', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(1234.5)).toBe('1.234,50');
    expect(warehouseNumberFormat('en').format(1205)).toBe('1,205');
  });

  it('euro, ratio and percentage points', () => {
    expect(plain(formatValue('it', 1234.5, 'euro'))).toBe('1.234,50 €');
    expect(formatValue('en', 1234.5, 'euro')).toBe('€1,234.50');
    expect(formatValue('it', 0.0712, 'ratio')).toBe('0,07');
    expect(formatPoints('it', 0.032)).toBe('+3,2 p.p.');
    expect(formatPoints('en', -0.032)).toBe('-3.2 pp');
  });

  it('a change is signed as it prints: one that prints as 0 is 0, not −0', () => {
    // 67,0% against 67,03%: −0,03 points prints as 0,0 p.p.
    expect(Object.is(printedChange('share', -0.0003), 0)).toBe(true);
    expect(printedChange('share', -0.0006)).toBe(-0.001);
    expect(printedChange('rate', 0.0284)).toBe(0.028);
    expect(Object.is(printedChange('days', -0.04), 0)).toBe(true);
    expect(printedChange('count', -90)).toBe(-90);
  });

  it('an Italian value axis never writes 5,000 or 5000', () => {
    const tick = axisFormat('it', 'count');
    expect(tick(5000)).toBe('5.000');
    expect(tick(12000)).toBe('12.000');
    expect(plain(axisFormat('it', 'share')(0.25))).toBe('25%');
  });

  it('null is a dash; a text value is named, a date written out', () => {
    expect(formatValue('it', null, 'share')).toBe('—');
    expect(formatValue('it', 'on_track', 'text')).toBe('in linea');
    expect(formatValue('en', 'shortage', 'text')).toBe('shortage');
    expect(formatValue('it', 'surplus', 'text')).toBe('eccedenza');
    expect(formatValue('it', '2026-12-15', 'text')).toBe('15/12/2026');
  });
});

describe('names', () => {
  const names = {
    province: { '272': { it: 'Bari', en: 'Bari' } },
    occupation_group: { '2': { it: 'PROFESSIONI INTELLETTUALI, SCIENTIFICHE E DI ELEVATA SPECIALIZZAZIONE', en: 'PROFESSIONI INTELLETTUALI, SCIENTIFICHE E DI ELEVATA SPECIALIZZAZIONE' } },
    contract_type: { fixed_term: { it: 'Tempo determinato', en: 'Fixed-term' } },
    indicator: { EECR04: { it: 'Partecipanti che hanno un lavoro', en: 'Participants in employment upon leaving' } },
  };

  it('a territory by its name; a classification code with its name', () => {
    expect(codeLabel('it', 'province', '272', names)).toBe('Bari');
    expect(codeLabel('it', 'occupation_group', '2', names)).toBe('2 – Professioni intellettuali, scientifiche e di elevata specializzazione');
    expect(codeLabel('en', 'indicator', 'EECR04', names)).toBe('EECR04 – Participants in employment upon leaving');
    expect(codeLabel('it', 'contract_type', 'fixed_term', names)).toBe('Tempo determinato');
    expect(codeLabel('en', 'contract_type', 'fixed_term', names)).toBe('Fixed-term');
  });

  it('periods and computed values need no names from the page', () => {
    expect(codeLabel('it', 'quarter', '2025-Q3')).toBe('III trim. 2025');
    expect(codeLabel('it', 'status', 'at_risk')).toBe('a rischio');
    expect(codeLabel('it', 'province', '999', names)).toBe('999');
  });

  it('sentence case only for names written in capitals', () => {
    expect(sentenceCase('AGRICOLTURA, SILVICOLTURA E PESCA')).toBe('Agricoltura, silvicoltura e pesca');
    expect(sentenceCase('Città metropolitana di Bari')).toBe('Città metropolitana di Bari');
    expect(sentenceCase('ISTAT')).toBe('ISTAT');
  });

  it('one dictionary: interface words and computed values in both languages', () => {
    expect(t('it', 'asOf')).toBe('Dati al');
    expect(t('en', 'milestone')).toBe('Milestone');
    expect(valueText('it', 'balanced')).toBe('equilibrio');
  });

  it('operations: jobs, feeds, triggers and outcomes by name; an unnamed one as given', () => {
    expect(jobName('it', 'marts')).toBe('Aggiornamento degli indicatori');
    expect(jobName('en', 'open-data')).toBe('Open-data publication');
    expect(jobName('it', 'nightly-extra')).toBeNull();
    // Every job the scheduler runs has a name in both languages.
    for (const job of Object.keys(JOBS)) for (const lang of ['it', 'en'] as const) expect(jobName(lang, job), `${job} (${lang})`).not.toBeNull();
    expect(feedName('it', 'job_seekers')).toBe('Persone in cerca di lavoro');
    expect(feedName('en', 'project_financials')).toBe('Project financials');
    expect(scheduleName('it', '0 7 * * 1')).toBe('ogni lunedì alle 7:00');
    expect(scheduleName('it', '5 4 * * *')).toBeNull();
    expect(valueText('it', 'after_load')).toBe('dopo un caricamento');
    expect(valueText('en', 'refused')).toBe('refused');
    expect(valueText('it', 'unknown')).toBe('non indicato');
  });
});

describe('identifiers inside explanatory text', () => {
  it('snake_case names and the given code values are cut out as code, the rest stays words', () => {
    expect(identifierParts('Data della fotografia (as_of), non oltre mart.project_financial_history.')).toEqual([
      { text: 'Data della fotografia (', code: false },
      { text: 'as_of', code: true },
      { text: '), non oltre ', code: false },
      { text: 'mart.project_financial_history', code: true },
      { text: '.', code: false },
    ]);
    expect(identifierParts('unknown = non indicato; _T = totale', ['unknown', '_T'])).toEqual([
      { text: 'unknown', code: true },
      { text: ' = non indicato; ', code: false },
      { text: '_T', code: true },
      { text: ' = totale', code: false },
    ]);
  });

  it('a value is cut out only as a word of its own, and a text without identifiers is one part', () => {
    expect(identifierParts('unknownness and years', ['unknown', 'year'])).toEqual([{ text: 'unknownness and years', code: false }]);
    expect(identifierParts('')).toEqual([]);
  });
});
