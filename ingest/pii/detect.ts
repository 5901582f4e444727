// Confirmation of identifier candidates, in JS on the normalised text (see
// patterns.ts for the two layers). Every finder looks at every position of
// the text, so an identifier glued to other text is found; the checks that
// follow (check characters, structure) keep real public codes, amounts and
// prose out. Returns kinds and positions, never the values.
import { normaliseValue } from './normalise.ts';
import {
  CF_SHAPE,
  FISCAL_CODE_11_SHAPE,
  IBAN_LENGTH,
  PHONE_SHAPE,
  SEP,
  validCfCheck,
  validFiscalCode11,
  validIban,
  type PiiKind,
} from './patterns.ts';

/** Where an identifier sits in the normalised text. */
export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
}

const sticky = (p: string) => new RegExp(p, 'y');
const CF_AT = sticky(CF_SHAPE);
const IBAN_HEAD_AT = sticky('[a-z]{2}[0-9]{2}');
const FISCAL_CODE_11_AT = sticky(FISCAL_CODE_11_SHAPE);
const PHONE_AT = sticky(PHONE_SHAPE);
const ALNUM = /[\p{L}\p{N}]/u;
const SEP_CHAR = new RegExp(`^${SEP}$`);

/** Order in which omocodia replaces digits (0-based positions, rightmost first). */
const OMOCODIA_ORDER = [14, 13, 12, 10, 9, 7, 6];
const OMOCODIA_DIGIT: Record<string, string> = Object.fromEntries(
  [...'lmnpqrstuv'].map((c, i) => [c, String(i)]),
);

function isAlnumAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && ALNUM.test(text[i]);
}

/**
 * A 16-character match is a codice fiscale when its letters in digit places
 * are an omocodia (the rightmost ones), its day is a day, and either its
 * check letter is right or it stands alone as written on a card (only spaces
 * inside): a mistyped code on its own is still a person's code.
 */
function isCodiceFiscale(text: string, start: number, match: string): boolean {
  const code = match.replace(/[^a-z0-9]/g, '');
  const substituted = OMOCODIA_ORDER.filter((p) => /[a-z]/.test(code[p]));
  if (substituted.some((p, i) => p !== OMOCODIA_ORDER[i])) return false;
  const digit = (p: number) => OMOCODIA_DIGIT[code[p]] ?? code[p];
  const day = Number(digit(9) + digit(10));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return false;
  if (validCfCheck(code)) return true;
  const standalone = !isAlnumAt(text, start - 1) && !isAlnumAt(text, start + match.length);
  return standalone && /^[a-z0-9 ]+$/.test(match);
}

function findCodiceFiscale(text: string, out: PiiMatch[]): void {
  for (let i = 0; i + 16 <= text.length; i++) {
    CF_AT.lastIndex = i;
    const m = CF_AT.exec(text);
    if (m && isCodiceFiscale(text, i, m[0]))
      out.push({ kind: 'codice_fiscale', start: i, end: i + m[0].length });
  }
}

/** An IBAN of its country's length from `start`, one separator allowed between characters. */
function ibanAt(text: string, start: number): number | undefined {
  const length = IBAN_LENGTH[text.slice(start, start + 2).toUpperCase()];
  if (!length) return undefined;
  let compact = '';
  let i = start;
  while (i < text.length && compact.length < length) {
    const ch = text[i];
    if (/[a-z0-9]/.test(ch)) {
      compact += ch;
      i++;
    } else if (SEP_CHAR.test(ch) && /[a-z0-9]/.test(text[i + 1] ?? '') && compact.length) i++;
    else break;
  }
  return compact.length === length && validIban(compact) ? i : undefined;
}

function findIban(text: string, out: PiiMatch[]): void {
  for (let i = 0; i + 15 <= text.length; i++) {
    IBAN_HEAD_AT.lastIndex = i;
    if (!IBAN_HEAD_AT.test(text)) continue;
    const end = ibanAt(text, i);
    // Glued to text on one side is how people write it (`contoIT60…`); inside a
    // longer run of letters and digits (a hash, a code) it is one chance in 97.
    if (end !== undefined && (!isAlnumAt(text, i - 1) || !isAlnumAt(text, end)))
      out.push({ kind: 'iban', start: i, end });
  }
}

function findFiscalCode11(text: string, out: PiiMatch[]): void {
  for (let i = 0; i + 11 <= text.length; i++) {
    FISCAL_CODE_11_AT.lastIndex = i;
    const m = FISCAL_CODE_11_AT.exec(text);
    if (!m) continue;
    const at = m[0].search(/[0-9]{11}/);
    if (validFiscalCode11(m[0].slice(at, at + 11)))
      out.push({ kind: 'fiscal_code_11', start: i + at, end: i + at + 11 });
  }
}

const LOCAL_ATOM = /[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]/u;
const DOMAIN =
  /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+/u;
const IP_LITERAL = /^\[(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|ipv6:[0-9a-f:.]+)\]/;

/** Start of the local part ending at `at` (exclusive), or undefined. */
function localPartStart(text: string, at: number): number | undefined {
  if (text[at - 1] === '"') {
    const open = text.lastIndexOf('"', at - 2);
    if (open < 0 || at - 1 - open > 64 || open === at - 2) return undefined;
    return /[\n\r]/.test(text.slice(open, at)) ? undefined : open;
  }
  let s = at;
  while (s > 0 && LOCAL_ATOM.test(text[s - 1])) s--;
  return /[\p{L}\p{N}]/u.test(text.slice(s, at)) ? s : undefined;
}

/** End of the domain starting at `from`, or undefined: a host name with a TLD, or an IP literal. */
function domainEnd(text: string, from: number): number | undefined {
  const rest = text.slice(from, from + 255);
  const ip = IP_LITERAL.exec(rest);
  if (ip) return from + ip[0].length;
  const d = DOMAIN.exec(rest);
  if (!d) return undefined;
  const tld = d[0].slice(d[0].lastIndexOf('.') + 1);
  return /^(\p{L}{2,}|xn--[a-z0-9-]+)$/u.test(tld) ? from + d[0].length : undefined;
}

function findEmail(text: string, out: PiiMatch[]): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const start = localPartStart(text, at);
    const end = start === undefined ? undefined : domainEnd(text, at + 1);
    if (start !== undefined && end !== undefined) out.push({ kind: 'email', start, end });
  }
}

/**
 * A phone-shaped match is a phone number when its digits make one: Italian
 * mobile (3xx, 9–10 digits) or landline (0 + area code, 8–11 digits), with
 * or without +39 / 0039; another country's number after + or 00 with 8–15
 * digits in all (North America: 1 + 10). Dates and dot-grouped amounts are not.
 */
function isPhone(number: string): boolean {
  if (/^[0-9]{1,2}([./-])[0-9]{1,2}\1[0-9]{2,4}$/.test(number)) return false;
  if (/^[0-9]{1,3}(\.[0-9]{3})+$/.test(number)) return false;
  const digits = number.replace(/[^0-9]/g, '');
  const italian = (n: string) => /^3[0-9]{8,9}$/.test(n) || /^0[1-9][0-9]{6,9}$/.test(n);
  const international = /^(\+|00)/.test(number);
  if (!international) return italian(digits);
  const full = number.startsWith('+') ? digits : digits.slice(2);
  if (full.startsWith('39')) return italian(full.slice(2));
  if (full.startsWith('1')) return full.length === 11;
  return full.length >= 8 && full.length <= 15;
}

function findPhone(text: string, out: PiiMatch[]): void {
  for (let i = 0; i < text.length; i++) {
    PHONE_AT.lastIndex = i;
    const m = PHONE_AT.exec(text);
    if (!m) continue;
    const start = i + m[1].length;
    if (isPhone(m[2])) out.push({ kind: 'phone', start, end: start + m[2].length });
  }
}

/** Identifiers in an already normalised text (normaliseValue()). */
export function findPiiNormalised(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  findCodiceFiscale(text, out);
  findIban(text, out);
  findFiscalCode11(text, out);
  findEmail(text, out);
  findPhone(text, out);
  return out;
}

/** Identifiers in a raw value; positions refer to normaliseValue(value). */
export function findPii(value: string): PiiMatch[] {
  return findPiiNormalised(normaliseValue(value));
}

/** The kinds of identifier a raw value holds (empty when none). */
export function piiKinds(value: string): Set<PiiKind> {
  return new Set(findPii(value).map((m) => m.kind));
}
