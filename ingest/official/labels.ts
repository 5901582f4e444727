// How a printed label is compared with another: publications write the same
// name with and without accents, hyphens, typographic apostrophes and
// footnote markers (`Valle d’Aosta/Vallée d’Aoste`, `Emilia Romagna`,
// `Totale (d)`, `N.D. (c )`). The comparison key folds exactly those
// differences and nothing else, so two different names never meet.

/** A trailing footnote marker: `(d)`, `(c )`, `(1)`, `(*)`, `*`, `**`. */
const FOOTNOTE = /\s*(\(\s*[a-z0-9*]{1,3}\s*\)|\*+)\s*$/i;

/** The label without its trailing footnote markers (`Totale (d)` → `Totale`). */
export function withoutFootnotes(label: string): string {
  let s = label.trim();
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(FOOTNOTE, '').trim();
  }
  return s;
}

/** Comparison key: no footnotes, no accents, one kind of apostrophe, hyphens as spaces, lower case. */
export function labelKey(label: string): string {
  return withoutFootnotes(label)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/[-‐‑‒–—]/g, ' ')
    .replace(/\s*'\s*/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
