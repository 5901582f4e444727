// Published numbers read exactly as the mapping says they are written, never
// guessed: in a `.`-decimal publication `1.205` is one point two zero five and
// `1,205` is refused (a thousands comma or a decimal comma?); in an Italian
// publication `1.205` is one thousand two hundred and five, `1,5` is one and a
// half, and `1.5` is refused. In an English-grouped publication (figures
// printed `1,234,567.89`) commas group thousands in threes and the dot is
// decimal: `1,205` is one thousand two hundred and five, `1,20` is refused. A
// refusal names row and column; the caller reports it and loads nothing.

export type NumberFormat = 'dot' | 'italian' | 'english';

export type NumberOutcome =
  { ok: true; value: number } | { ok: false; rule: 'number_ambiguous' | 'number_unreadable' };

const DOT = /^-?\d+(\.\d+)?$/;
const ITALIAN_GROUPED = /^-?\d{1,3}(\.\d{3})+(,\d+)?$/;
const ITALIAN_PLAIN = /^-?\d+(,\d+)?$/;
const ENGLISH_GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A printed number (already trimmed, not a declared missing marker) → its value. */
export function readNumber(text: string, format: NumberFormat): NumberOutcome {
  const v = text.replace(/^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g, '');
  if (format === 'dot') {
    if (DOT.test(v)) return { ok: true, value: Number(v) };
    if (/^-?[\d.,]+$/.test(v)) return { ok: false, rule: 'number_ambiguous' };
    return { ok: false, rule: 'number_unreadable' };
  }
  if (format === 'english') {
    if (DOT.test(v)) return { ok: true, value: Number(v) };
    if (ENGLISH_GROUPED.test(v)) return { ok: true, value: Number(v.replace(/,/g, '')) };
    if (/^-?[\d.,]+$/.test(v)) return { ok: false, rule: 'number_ambiguous' };
    return { ok: false, rule: 'number_unreadable' };
  }
  if (ITALIAN_GROUPED.test(v))
    return { ok: true, value: Number(v.replace(/\./g, '').replace(',', '.')) };
  if (ITALIAN_PLAIN.test(v)) return { ok: true, value: Number(v.replace(',', '.')) };
  if (/^-?[\d.,]+$/.test(v)) return { ok: false, rule: 'number_ambiguous' };
  return { ok: false, rule: 'number_unreadable' };
}

/**
 * A value as the loader's decimal column reads it without doubt: decimal
 * comma, no grouping (`1.205` would otherwise look like a thousands group).
 */
export function feedDecimal(value: number): string {
  const plain = Number.isInteger(value) ? value.toFixed(0) : String(value);
  const text = /e/i.test(plain) ? value.toFixed(20).replace(/0+$/, '') : plain;
  return text.replace('.', ',');
}
