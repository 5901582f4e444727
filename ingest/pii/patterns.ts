// What a direct identifier looks like inside a cell, as RE2 patterns (DuckDB's
// regex engine, case-insensitive) plus the checksums that confirm the kinds
// with one. The scan runs the patterns in SQL over every text column; only
// candidate values come back to JS for a checksum, and none is ever logged,
// reported or stored.

export type PiiKind = 'codice_fiscale' | 'fiscal_code_11' | 'email' | 'phone' | 'iban';

const LETTER = '[a-z]';
// Omocodia: when two people share a code, digits are replaced by L M N P Q R S T U V.
const DIGIT = '[0-9lmnpqrstuv]';
const CF_SHAPE = [
  LETTER,
  LETTER,
  LETTER,
  LETTER,
  LETTER,
  LETTER,
  DIGIT,
  DIGIT,
  LETTER,
  DIGIT,
  DIGIT,
  LETTER,
  DIGIT,
  DIGIT,
  DIGIT,
  LETTER,
];

/**
 * Boundaries: an identifier is a token of its own, so a 64-hex pseudonym or a
 * CUP does not "contain" one. RE2 has no look-around, so boundaries consume a
 * character; that is fine for a yes/no match.
 */
const START = '(^|[^a-z0-9])';
const END = '($|[^a-z0-9])';

export const PII_PATTERNS: Record<PiiKind, string> = {
  // 16 characters, letters and digits in their places, optionally spaced ("RSS MRA 85T10 A562S").
  // The check character is deliberately not verified: a mistyped code is still a person's code.
  codice_fiscale: `(?i)${START}${CF_SHAPE.join(' ?')}${END}`,
  // 11 digits (optionally after IT): partita IVA, or a company's codice fiscale; confirmed by its check digit.
  fiscal_code_11: `(?i)(^|[^0-9a-z]|it)[0-9]{11}($|[^0-9a-z])`,
  email: `(?i)[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}`,
  // Italian numbers: optional +39 / 0039, then mobile 3xx or landline 0x. Amounts
  // such as 300.000.000,00 or 350.000.000 are kept out: groups of three split by
  // dots are not a phone shape here, and a match may not touch `.`/`,` + digit.
  phone:
    `(?i)(^|[^0-9a-z.,]|[a-z][.:]|[.,][^0-9])((\\+|00)39[ .-]?)?` +
    `(3[0-9]{2}[ .-]?[0-9]{6,7}|3[0-9]{2}[ -][0-9]{3}[ -][0-9]{3,4}|0[0-9]{1,3}[ ./-]?[0-9]{6,8}|0[0-9]{1,3}[ -][0-9]{3,4}[ -][0-9]{3,4})` +
    `($|[^0-9.,]|[.,]$|[.,][^0-9])`,
  // Country code, two check digits, 11–30 alphanumerics, optionally in groups of four; confirmed by mod-97.
  iban: `(?i)${START}[a-z]{2}[0-9]{2}( ?[a-z0-9]){11,30}${END}`,
};

/** One pattern matching any kind: a single pass over clean columns. */
export const ANY_PII_PATTERN = `(?i)(${Object.values(PII_PATTERNS)
  .map((p) => p.replace(/^\(\?i\)/, ''))
  .join(')|(')})`;

/** Kinds whose candidates are confirmed by a checksum before refusing. */
export const CHECKSUM_KINDS: PiiKind[] = ['fiscal_code_11', 'iban'];

/** Check digit of an 11-digit Italian fiscal code / partita IVA (Luhn variant). */
export function validFiscalCode11(digits: string): boolean {
  if (!/^[0-9]{11}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = digits.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(10) - 48;
}

/** ISO 13616 mod-97 check of a compact IBAN. */
export function validIban(iban: string): boolean {
  const s = iban.toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const part = code >= 65 ? String(code - 55) : ch;
    for (const d of part) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** True when a cell value contains an 11-digit code with a valid check digit. */
export function containsFiscalCode11(value: string): boolean {
  for (const m of value.matchAll(/(?:^|[^0-9A-Za-z]|IT|it)([0-9]{11})(?![0-9A-Za-z])/g)) {
    if (validFiscalCode11(m[1])) return true;
  }
  return false;
}

/** True when a cell value contains an IBAN that passes mod-97 (spaces between groups allowed). */
export function containsIban(value: string): boolean {
  for (const m of value.matchAll(/(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]){11,30}/g)) {
    const compact = m[0].replace(/ /g, '');
    // Greedy spacing may swallow a following word: try every length an IBAN can have.
    for (let len = compact.length; len >= 15; len--)
      if (validIban(compact.slice(0, len))) return true;
  }
  return false;
}

export const PII_KIND_LABEL: Record<PiiKind, string> = {
  codice_fiscale: 'a codice fiscale',
  fiscal_code_11: 'an 11-digit fiscal code / partita IVA',
  email: 'an e-mail address',
  phone: 'a phone number',
  iban: 'an IBAN',
};
