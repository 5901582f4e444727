// Texts that explain the data (methodology, the open-data dictionary) name
// columns and code values as the files and the SQL spell them (hires_reported,
// as_of, unknown). They are machine names a reader may look up, not words to
// translate: the page shows them as code, apart from the sentence around them.

/** A piece of an explanatory text: words as they are, or an identifier to show as code. */
export interface TextPart {
  text: string;
  code: boolean;
}

/** snake_case names (two or more lowercase parts), with a dotted prefix (mart.x) or a file extension. */
const SNAKE = String.raw`[a-z][a-z0-9]*(?:\.[a-z][a-z0-9]*)*(?:_[a-z0-9]+)+(?:\.[a-z]+)?`;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `text` cut into words and identifiers: every snake_case name, and each of
 * `values` (code values the text defines, such as unknown or total) where it
 * stands as a word of its own.
 */
export function identifierParts(text: string, values: readonly string[] = []): TextPart[] {
  const alternatives = [SNAKE, ...values.map(escape)];
  const re = new RegExp(String.raw`(?<![\w/.-])(?:${alternatives.join('|')})(?![\w-])`, 'g');
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), code: false });
    parts.push({ text: m[0], code: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), code: false });
  return parts;
}
