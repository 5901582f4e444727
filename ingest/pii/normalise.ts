// Normalisation shared by the loader and the PII guard.
//
// Headers: lower case, no accents, spaces, dots, slashes and dashes to `_`,
// BOM removed. Values: what a cell reads as once the disguises an identifier
// can wear are taken off — compatibility forms folded (NFKC: fullwidth
// `ＲＳＳ`, `＠`, ligatures, superscripts), invisible format characters dropped
// (zero-width space and joiners, soft hyphen, BOM), every kind of space made a
// plain space and every kind of dash a plain `-`, then lower case.
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-./]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A cell value as the PII guard reads it (see the module comment). */
export function normaliseValue(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\p{Zs}/gu, ' ')
    .replace(/\p{Pd}/gu, '-')
    .toLowerCase();
}

/**
 * The characters above ASCII that normaliseValue() turns into ASCII (or
 * drops), as code-point ranges. A cell holding none of them reads the same
 * to the SQL patterns, which run on the raw text, as to the JS checks, which
 * run on the normalised text; a cell holding one is always looked at in JS.
 * Computed over the Unicode planes in use; tests/ingest/pii-normalise.test.ts
 * recomputes it against the running Node's ICU.
 */
export function foldableRanges(): [number, number][] {
  const ranges: [number, number][] = [];
  const add = (cp: number) => {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === cp - 1) last[1] = cp;
    else ranges.push([cp, cp]);
  };
  const planes: [number, number][] = [
    [0x80, 0xd7ff],
    [0xe000, 0x2ffff],
    [0xe0000, 0xe0fff],
  ];
  for (const [from, to] of planes)
    for (let cp = from; cp <= to; cp++) {
      const ch = String.fromCodePoint(cp);
      const n = normaliseValue(ch);
      if (n !== ch && (n === '' || [...n].some((c) => c.charCodeAt(0) < 0x80))) add(cp);
    }
  return ranges;
}
