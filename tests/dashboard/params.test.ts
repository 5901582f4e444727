// Page parameter checks (dashboard/src/lib/params.ts): every value a page
// cannot use is reported with the parameter, the value and the accepted form,
// and what the page shows instead.
import { describe, expect, it } from 'vitest';
import { MONTH_FORM, printable, readChoice, readPeriod, unknownParams } from '../../dashboard/src/lib/params.ts';

const q = (s: string) => new URLSearchParams(s);

describe('readPeriod', () => {
  it('keeps a valid period and treats empty fields (the GET form) as absent', () => {
    expect(readPeriod(q('from=2025-01&to=2025-06'))).toEqual({ from: '2025-01', to: '2025-06', problems: [] });
    expect(readPeriod(q('from=&to='))).toEqual({ from: '', to: '', problems: [] });
    expect(readPeriod(q('from=2025-03&to=2025-03')).problems).toEqual([]);
  });

  it('reports a month not in YYYY-MM form with the accepted form, and applies neither end', () => {
    const r = readPeriod(q('from=2025-13&to=2025-06'));
    expect([r.from, r.to]).toEqual(['', '']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ param: 'from', value: '2025-13', expected: MONTH_FORM });
    expect(r.problems[0]!.problem.it).toBe('mese non valido in from: 2025-13');
    expect(r.problems[0]!.expected.it).toBe('mese nel formato AAAA-MM, es. 2025-03');
    expect(r.problems[0]!.outcome.it).toBe('periodo non valido: mostro l’intero periodo disponibile');
  });

  it('reports an inverted period naming both ends', () => {
    const r = readPeriod(q('from=2025-06&to=2025-01'));
    expect([r.from, r.to]).toEqual(['', '']);
    expect(r.problems.map((p) => p.problem.it)).toEqual(['periodo invertito: from=2025-06 è dopo to=2025-01']);
    expect(r.problems[0]!.problem.en).toBe('inverted period: from=2025-06 is after to=2025-01');
  });
});

describe('unknownParams', () => {
  it('names each parameter the page does not read and lists those it does', () => {
    const p = unknownParams(q('lang=it&provincia=272&f.gender=F&f.=x'), ['lang', 'from', 'to'], ['f.']);
    expect(p.map((x) => x.param)).toEqual(['provincia', 'f.']);
    expect(p[0]!.problem.it).toBe('parametro sconosciuto: provincia');
    expect(p[0]!.expected.it).toBe('uno tra: lang, from, to, f.<…>');
    expect(unknownParams(q('lang=en'), ['lang'])).toEqual([]);
  });
});

describe('readChoice', () => {
  it('uses the default when absent, and says so when the value is not in the list', () => {
    expect(readChoice(q(''), 'view', ['bar', 'line'], 'bar')).toEqual({ value: 'bar', problems: [] });
    expect(readChoice(q('view=line'), 'view', ['bar', 'line'], 'bar').value).toBe('line');
    const r = readChoice(q('view=pie'), 'view', ['bar', 'line'], 'bar');
    expect(r.value).toBe('bar');
    expect(r.problems[0]).toMatchObject({ param: 'view', value: 'pie' });
    expect(r.problems[0]!.expected.it).toBe('uno tra: bar, line');
    expect(r.problems[0]!.outcome.it).toBe('mostro view=bar');
  });
});

describe('printable', () => {
  it('replaces control characters and cuts long values', () => {
    expect(printable('a\nb')).toBe('a?b');
    expect(printable('x'.repeat(100))).toHaveLength(61);
  });
});
