// What a direct identifier looks like inside a cell, in two layers.
//
// 1. Candidate shapes, as RE2 patterns (DuckDB's regex engine; also valid
//    JavaScript): the SQL side runs them over every text column of a file, on
//    the raw text. They are deliberately wider than an identifier — no token
//    boundaries, so a code glued to text (`cfRSSMRA85T10A562S`) is seen — and
//    one extra class catches any character that normalisation would fold
//    (fullwidth, zero-width, non-breaking space…), so a disguised value is
//    always a candidate.
// 2. Confirmation in JS (detect.ts) on the normalised text: the same shapes,
//    then the check character of a codice fiscale, mod-97 of an IBAN, the
//    check digit of a partita IVA, the structure of an e-mail address or a
//    phone number. Only candidates reach it; nothing it sees is logged,
//    reported or stored.
//
// A file is refused exactly when a value is confirmed, whichever path loads
// it: the direct write declines on any candidate and the staged path confirms.
import { FOLDABLE_RANGES } from './foldable.ts';

export type PiiKind = 'codice_fiscale' | 'fiscal_code_11' | 'email' | 'phone' | 'iban';

/** Characters people put between the groups of a code: space, dot, underscore, slash, dash. */
export const SEP = '[ ._/-]';

const LETTER = '[a-z]';
// Omocodia: when two people share a code, digits are replaced by L M N P Q R S T U V,
// from the right. The year digits are replaced last (only after five others), so
// they are required to be digits: that keeps words out without losing real codes.
const DIGIT = '[0-9lmnpqrstuv]';
const MONTH = '[abcdehlmprst]';
const CF_CHARS = [
  LETTER,
  LETTER,
  LETTER,
  LETTER,
  LETTER,
  LETTER,
  '[0-9]',
  '[0-9]',
  MONTH,
  DIGIT,
  DIGIT,
  LETTER,
  DIGIT,
  DIGIT,
  DIGIT,
  LETTER,
];

/** 16 characters in their places, one separator allowed between any two. */
export const CF_SHAPE = CF_CHARS.join(`${SEP}?`);

/** IBAN length by country (ISO 13616 registry). */
export const IBAN_LENGTH: Record<string, number> = Object.fromEntries(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 ' +
    'DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 ' +
    'IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 ' +
    'MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 ' +
    'SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((e) => [e.slice(0, 2), Number(e.slice(2))]),
);

/**
 * BBAN structure (after country and check digits) where it is fixed and
 * well known: a random run of letters and digits that passes mod-97 almost
 * never has it. Countries not listed are checked by length and mod-97 only.
 */
export const BBAN_FORMAT: Record<string, RegExp> = {
  IT: /^[A-Z][0-9]{10}[A-Z0-9]{12}$/,
  SM: /^[A-Z][0-9]{10}[A-Z0-9]{12}$/,
  FR: /^[0-9]{10}[A-Z0-9]{11}[0-9]{2}$/,
  MC: /^[0-9]{10}[A-Z0-9]{11}[0-9]{2}$/,
  GB: /^[A-Z]{4}[0-9]{14}$/,
  AD: /^[0-9]{8}[A-Z0-9]{12}$/,
  ...Object.fromEntries(
    'AE AT BA BE CZ DE DK EE ES FI FO GL HR HU IL LT ME NO PL PT RS SE SI SK TN XK'
      .split(' ')
      .map((c) => [c, /^[0-9]+$/]),
  ),
};

/**
 * A country that has IBANs, its check digits (written together, as the first
 * group of four), and at least the 11 characters of the shortest IBAN (Norway, 15).
 */
export const IBAN_SHAPE = `(${Object.keys(IBAN_LENGTH).join('|').toLowerCase()})[0-9]{2}(${SEP}?[a-z0-9]){11}`;

/** 11 digits (optionally after IT): partita IVA, or a company's codice fiscale. */
export const FISCAL_CODE_11_SHAPE = `(^|[^0-9a-z]|it)[0-9]{11}($|[^0-9a-z])`;

/** Any `@`: the address around it is judged in JS. */
export const EMAIL_SHAPE = '@';

// Phone numbers. An identifier such as `4MISECDI_00000429` or an amount such
// as 300.000.000,00 must not read as one: a number starts after a boundary
// that is not a letter, digit, `_`, `.` or `,` (or after `tel.`, `cell:`), and
// does not run into a letter or `.`/`,` + digit (the head of a hash is not a
// number). Groups of three split by dots (amounts) and two-digit groups after
// an area code (dates) are not phone shapes.
const PHONE_START = '(^|[^0-9a-z_.,+]|[a-z][.:]|[.,][^0-9])';
const PHONE_END = '($|[^0-9a-z.,]|[.,]$|[.,][^0-9])';
const IT_PREFIX = '((\\+|00)39[ ./-]?)?';
const MOBILE = '3[0-9]{2}([ ./-]?[0-9]{6,7}|[ /-][0-9]{2,4}([ -][0-9]{2,4}){1,2})';
const LANDLINE = '0[1-9][0-9]{0,2}([ ./-]?[0-9]{6,8}|[ /-][0-9]{3,4}[ -][0-9]{3,4})';
const INTERNATIONAL = '(\\+|00)[1-9][0-9]{0,2}([ ./-]?[0-9]){6,12}';

/** The number itself is group 2 (group 1 is the boundary before it). */
export const PHONE_SHAPE = `${PHONE_START}(${IT_PREFIX}(${MOBILE}|${LANDLINE})|${INTERNATIONAL})${PHONE_END}`;

/**
 * A character that normalisation folds into ASCII or drops (RE2 class).
 * Case-sensitive on purpose: under (?i) `ſ` or the Kelvin sign would match
 * plain `s` and `k`.
 */
export const FOLDABLE_CLASS = `(?-i:[${FOLDABLE_RANGES.map(([a, b]) =>
  a === b ? `\\x{${a.toString(16)}}` : `\\x{${a.toString(16)}}-\\x{${b.toString(16)}}`,
).join('')}])`;

/** Candidate shape per kind (case-insensitive RE2, run on raw text). */
export const PII_PATTERNS: Record<PiiKind, string> = {
  codice_fiscale: `(?i)${CF_SHAPE}`,
  fiscal_code_11: `(?i)${FISCAL_CODE_11_SHAPE}`,
  email: EMAIL_SHAPE,
  phone: `(?i)${PHONE_SHAPE}`,
  iban: `(?i)${IBAN_SHAPE}`,
};

/**
 * One pattern for "this cell needs a closer look": any kind's shape, or a
 * character normalisation would fold. No alternative can match across a
 * line break, and a line break satisfies every boundary as the start or end
 * of a cell would, so cells joined by line breaks match exactly when one of
 * them does (the row-level first pass relies on it).
 */
export const ANY_PII_PATTERN = `(?i)(${[
  ...Object.values(PII_PATTERNS).map((p) => p.replace(/^\(\?i\)/, '')),
  FOLDABLE_CLASS,
].join(')|(')})`;

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

/** ISO 13616 check of a compact IBAN: mod-97, and the BBAN structure where known. */
export function validIban(iban: string): boolean {
  const s = iban.toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  if (BBAN_FORMAT[s.slice(0, 2)] && !BBAN_FORMAT[s.slice(0, 2)].test(s.slice(4))) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const part = code >= 65 ? String(code - 55) : ch;
    for (const d of part) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

const CF_ODD: Record<string, number> = {};
'1 0 5 7 9 13 15 17 19 21 2 4 18 20 11 3 6 8 12 14 16 10 22 25 24 23'
  .split(' ')
  .forEach((v, i) => (CF_ODD[String.fromCharCode(65 + i)] = Number(v)));
'1 0 5 7 9 13 15 17 19 21'.split(' ').forEach((v, i) => (CF_ODD[String(i)] = Number(v)));

/** The check letter of the first 15 characters of a codice fiscale (upper case). */
export function cfCheckLetter(body: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = body[i];
    // Positions count from 1: odd positions (index 0, 2, …) use the odd table.
    if (i % 2 === 0) sum += CF_ODD[ch] ?? 0;
    else sum += /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** True when a compact 16-character code's last letter is its check letter. */
export function validCfCheck(code: string): boolean {
  const c = code.toUpperCase();
  return /^[A-Z0-9]{16}$/.test(c) && cfCheckLetter(c) === c[15];
}

export const PII_KIND_LABEL: Record<PiiKind, string> = {
  codice_fiscale: 'a codice fiscale',
  fiscal_code_11: 'an 11-digit fiscal code / partita IVA',
  email: 'an e-mail address',
  phone: 'a phone number',
  iban: 'an IBAN',
};
