// Reading a publication's labels and numbers: territory names resolve against
// the ISTAT names with the variants real publications print, footnoted totals
// and N.D. are recognised as such (never an unknown territory), and numbers
// are read only as the mapping's format says — an ambiguous one is refused,
// never rescaled.
import { describe, expect, it } from 'vitest';
import { labelKey, withoutFootnotes } from '../../ingest/official/labels.ts';
import { feedDecimal, readNumber } from '../../ingest/official/numbers.ts';
import { readPeriod } from '../../ingest/official/periods.ts';
import { resolveTerritory, type TerritoryRules } from '../../ingest/official/territories.ts';

const regional: TerritoryRules = {
  by: 'name',
  level: 'regione',
  totals: new Set([labelKey('Totale')]),
  notAvailable: new Set([labelKey('N.D.')]),
  variants: new Map(),
};

describe('territory labels', () => {
  it.each([
    ['Emilia Romagna', 'regione', '08'],
    ['Emilia-Romagna', 'regione', '08'],
    ['Friuli Venezia Giulia', 'regione', '06'],
    ['Valle d’Aosta/Vallée d’Aoste', 'regione', '02'],
    ["Valle d'Aosta", 'regione', '02'],
    ['VALLE D`AOSTA', 'regione', '02'],
    ['Bolzano/Bolzen', 'provincia', '021'],
    ['Bolzano/Bozen', 'provincia', '021'],
    ['P.A. Bolzano', 'provincia', '021'],
    ['P.A. Trento', 'provincia', '022'],
    ['Provincia autonoma di Trento', 'provincia', '022'],
    ['Trentino-Alto Adige/Südtirol', 'regione', '04'],
    ['Trentino Alto Adige', 'regione', '04'],
    ['Totale (d)', 'italia', 'IT'],
    ['Totale', 'italia', 'IT'],
    ['N.D. (c )', 'non_ripartibile', 'ND'],
    ['N.D.', 'non_ripartibile', 'ND'],
    ['Sicilia (*)', 'regione', '19'],
  ])('%s → %s %s', (printed, level, code) => {
    expect(resolveTerritory(printed, regional)).toEqual({ ok: true, territory: { level, code } });
  });

  it.each(['Molisse', 'Padania', 'Totale generale', 'N.D. Nord', '', 'Bolzen/Bozzen'])(
    '%s resolves to nothing and is reported, not guessed',
    (printed) => {
      expect(resolveTerritory(printed, regional)).toEqual({ ok: false, reason: 'unknown' });
    },
  );

  it('plain Trento is not a region: it resolves only where a mapping declares the variant', () => {
    expect(resolveTerritory('Trento', regional)).toEqual({
      ok: true,
      territory: { level: 'provincia', code: '022' },
    });
    const provincial: TerritoryRules = { ...regional, level: 'provincia' };
    expect(resolveTerritory('Bologna', provincial)).toEqual({
      ok: true,
      territory: { level: 'provincia', code: '237' },
    });
    expect(resolveTerritory('Bologna', regional)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('provinces by historical code, and Sardinia’s earlier provinces named as such', () => {
    const byCode: TerritoryRules = { ...regional, level: 'provincia', by: 'code' };
    const byName: TerritoryRules = { ...regional, level: 'provincia' };
    expect(resolveTerritory('001', byCode)).toEqual({ ok: true, territory: { level: 'provincia', code: '201' } });
    expect(resolveTerritory('201', byCode)).toEqual({ ok: true, territory: { level: 'provincia', code: '201' } });
    for (const code of ['104', '107', '111', '292'])
      expect(resolveTerritory(code, byCode), code).toEqual({ ok: false, reason: 'province_reorganised' });
    for (const name of ['Olbia-Tempio', 'Carbonia Iglesias', 'Sud Sardegna'])
      expect(resolveTerritory(name, byName), name).toEqual({ ok: false, reason: 'province_reorganised' });
    expect(resolveTerritory('999', byCode)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('footnote markers come off the end only', () => {
    expect(withoutFootnotes('Totale (d)')).toBe('Totale');
    expect(withoutFootnotes('N.D. (c )')).toBe('N.D.');
    expect(withoutFootnotes('Sicilia (a)(b)')).toBe('Sicilia');
    expect(withoutFootnotes('Reggio nell’Emilia')).toBe('Reggio nell’Emilia');
  });
});

describe('numbers are never guessed', () => {
  it.each([
    ['1.205', 'dot', 1.205],
    ['48519.0', 'dot', 48519],
    ['-3', 'dot', -3],
    ['1.205', 'italian', 1205],
    ['2.416.691', 'italian', 2416691],
    ['64,1', 'italian', 64.1],
    ['1.205,5', 'italian', 1205.5],
    ['4551', 'italian', 4551],
  ] as const)('%s in %s format is %s', (text, format, value) => {
    expect(readNumber(text, format)).toEqual({ ok: true, value });
  });

  it.each([
    ['1,205', 'dot'],
    ['1.205.000', 'dot'],
    ['1.205,5', 'dot'],
    ['1.5', 'italian'],
    ['48519.0', 'italian'],
    ['1,205.5', 'italian'],
  ] as const)('%s in %s format is ambiguous and refused', (text, format) => {
    expect(readNumber(text, format)).toEqual({ ok: false, rule: 'number_ambiguous' });
  });

  it('text that is no number is unreadable', () => {
    expect(readNumber('n.d.', 'dot')).toEqual({ ok: false, rule: 'number_unreadable' });
    expect(readNumber('12 345', 'italian')).toEqual({ ok: false, rule: 'number_unreadable' });
  });

  it('a value reaches the loader with a decimal comma and no grouping', () => {
    expect(feedDecimal(1.205)).toBe('1,205');
    expect(feedDecimal(1205)).toBe('1205');
    expect(feedDecimal(1.1937555358724534)).toBe('1,1937555358724534');
  });
});

describe('periods', () => {
  it('quarters from a year and a quarter in digits or roman numerals', () => {
    expect(readPeriod('quarter', { year: '2025', quarter: '3' })).toEqual({
      ok: true,
      period: '2025-Q3',
      start: '2025-07-01',
      last: '2025-09-30',
    });
    expect(readPeriod('quarter', { year: '2025', quarter: 'IV' })).toEqual({
      ok: true,
      period: '2025-Q4',
      start: '2025-10-01',
      last: '2025-12-31',
    });
    expect(readPeriod('quarter', { year: '2025', quarter: '5' })).toEqual({
      ok: false,
      rule: 'period_unreadable',
    });
  });
  it('the last day of a year, a month (February of a leap year) and a quarter', () => {
    expect(readPeriod('year', { value: '2023' })).toMatchObject({ last: '2023-12-31' });
    expect(readPeriod('month', { value: '2024-02' })).toMatchObject({
      start: '2024-02-01',
      last: '2024-02-29',
    });
    expect(readPeriod('quarter', { value: '2024-Q1' })).toMatchObject({ last: '2024-03-31' });
  });
  it('reference dates, ISO or Italian, and only real ones', () => {
    expect(readPeriod('date', { value: '2025-12-31' })).toMatchObject({
      ok: true,
      period: '2025-12-31',
      last: '2025-12-31',
    });
    expect(readPeriod('date', { value: '31/12/2025' })).toMatchObject({
      ok: true,
      period: '2025-12-31',
    });
    expect(readPeriod('date', { value: '2025-02-30' })).toEqual({
      ok: false,
      rule: 'period_unreadable',
    });
    // A bulletin's date-time is a figure of its day; an impossible day stays unreadable.
    expect(readPeriod('date', { value: '2020-05-23T17:00:00' })).toMatchObject({
      ok: true,
      period: '2020-05-23',
    });
    expect(readPeriod('date', { value: '2025-02-30T17:00' })).toEqual({
      ok: false,
      rule: 'period_unreadable',
    });
  });
});
