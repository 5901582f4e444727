// The PII guard's candidate patterns, run through DuckDB's own regex engine
// (RE2) exactly as the load path runs them, and its confirmation in JS
// (check characters, structure), on made-up values only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { piiKinds } from '../../ingest/pii/detect.ts';
import { piiColumnName } from '../../ingest/pii/names.ts';
import {
  ANY_PII_PATTERN,
  PII_PATTERNS,
  validFiscalCode11,
  validIban,
  type PiiKind,
} from '../../ingest/pii/patterns.ts';
import { Warehouse } from '../../warehouse/db.ts';
import * as d from './data.ts';

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open(':memory:');
});
afterAll(() => wh.close());

async function kinds(value: string): Promise<PiiKind[]> {
  const out: PiiKind[] = [];
  for (const [kind, pattern] of Object.entries(PII_PATTERNS) as [PiiKind, string][]) {
    if (await wh.scalar<boolean>('select regexp_matches($1, $2)', [value, pattern])) out.push(kind);
  }
  const any = await wh.scalar<boolean>('select regexp_matches($1, $2)', [value, ANY_PII_PATTERN]);
  // The combined pattern also takes any character normalisation folds (an em dash, say).
  if (out.length)
    expect(any, `combined pattern misses a value of kind ${out.join(',')}`).toBe(true);
  return out;
}

describe('PII value patterns', () => {
  const cf = d.fakeCf(2);
  it.each([
    ['codice fiscale', cf, 'codice_fiscale'],
    [
      'codice fiscale, lower case in a sentence',
      `il sig. ${cf.toLowerCase()}, nato a`,
      'codice_fiscale',
    ],
    [
      'codice fiscale, spaced',
      `${cf.slice(0, 3)} ${cf.slice(3, 6)} ${cf.slice(6, 11)} ${cf.slice(11)}`,
      'codice_fiscale',
    ],
    ['codice fiscale, omocodia', d.omocode(cf), 'codice_fiscale'],
    ['e-mail', 'x: anna.bianchi+cv@posta.example.org', 'email'],
    ['mobile', '3331234567', 'phone'],
    ['mobile with a dot', 'cell 333.1234567', 'phone'],
    ['mobile in groups', '333 123 4567', 'phone'],
    ['mobile with +39', '+39 347 123 4567', 'phone'],
    ['mobile with 0039', '0039-3471234567', 'phone'],
    ['landline', 'tel:051/6598765', 'phone'],
    ['IBAN candidate', d.fakeIban(), 'iban'],
    ['11 digits', `P.IVA IT${d.fakePiva()}`, 'fiscal_code_11'],
  ])('%s is a candidate, and confirmed', async (_name, value, kind) => {
    expect(await kinds(value)).toContain(kind);
    expect([...piiKinds(value)]).toContain(kind);
  });

  it('a 64-hex pseudonym may be a candidate but is never confirmed', async () => {
    for (let i = 0; i < 200; i++) expect([...piiKinds(d.hex(`someone-${i}`))]).toEqual([]);
  });

  it.each([
    ['CUP', 'F31D23000140007'],
    ['ISO date', '2023-12-15'],
    ['Italian date', '15/12/2023'],
    ['Italian amount', '€ 4.000.000,00'],
    ['large amount', '300.000.000,00'],
    ['large amount without decimals', 'finanziamento di 350.000.000 euro'],
    ['amount with spaces', '€ 3 500 000'],
    ['plain amount', '605305.62'],
    ['comune code', '037006'],
    ['CP2021 code', '5.1.2.2.0'],
    ['ATECO code', '62.01.00'],
    ['placement id', 'PL000123'],
    ['long internal id', 'P0001234567'],
    ['words', 'Centro per l’impiego di Bologna — sede Navile'],
  ])('%s is not', async (_name, value) => {
    expect(await kinds(value)).toEqual([]);
    expect([...piiKinds(value)]).toEqual([]);
  });
});

describe('checksums', () => {
  it('partita IVA / 11-digit fiscal code check digit', () => {
    const p = d.fakePiva(3);
    expect(validFiscalCode11(p)).toBe(true);
    expect(validFiscalCode11(p.slice(0, 10) + ((Number(p[10]) + 1) % 10))).toBe(false);
    expect(piiKinds(`cod. ${p}.`).has('fiscal_code_11')).toBe(true);
    expect(piiKinds(`IT${p}`).has('fiscal_code_11')).toBe(true);
    expect(piiKinds(`${p}9`).has('fiscal_code_11')).toBe(false);
  });
  it('IBAN mod-97, compact or in groups, followed by words', () => {
    const iban = d.fakeIban();
    expect(validIban(iban)).toBe(true);
    expect(validIban(iban.slice(0, 2) + '00' + iban.slice(4))).toBe(false);
    expect(piiKinds(`${iban.replace(/(.{4})/g, '$1 ')} grazie`).has('iban')).toBe(true);
    expect(piiKinds('DE00 1234 5678 9012 3456 78').has('iban')).toBe(false);
  });
});

describe('column names', () => {
  it.each([
    'nome',
    'Cognome',
    'NAME',
    'surname',
    'Codice Fiscale',
    'cf',
    'CF_lavoratore',
    'e-mail',
    'E_MAIL',
    'telefono',
    'cellulare',
    'phone',
    'iban',
    'indirizzo',
    'address',
    'email_referente',
  ])('%s is a direct identifier', (h) => expect(piiColumnName(h)).toBeDefined());
  it.each(['placement_id', 'comune_code', 'channel', 'operator', 'title', 'beneficiary'])(
    '%s is not',
    (h) => expect(piiColumnName(h)).toBeUndefined(),
  );
});

describe('load date', () => {
  it('is the date in Italy, not UTC', async () => {
    const { loadDate } = await import('../../ingest/validate.ts');
    expect(loadDate(new Date('2025-06-30T22:30:00Z'))).toBe('2025-07-01');
    expect(loadDate(new Date('2025-01-15T10:00:00Z'))).toBe('2025-01-15');
  });
});
