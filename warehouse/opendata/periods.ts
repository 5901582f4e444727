// Period codes of the public tables: a quarter (YYYY-Qn) or a year (YYYY).

/** First and last day of a period code. */
export function periodBounds(p: string): { start: string; end: string } {
  const y = Number(p.slice(0, 4));
  const n = p.includes('-Q') ? Number(p.slice(6)) : null;
  const startMonth = n === null ? 1 : (n - 1) * 3 + 1;
  const endMonth = n === null ? 12 : startMonth + 2;
  const end = new Date(Date.UTC(y, endMonth, 0)).toISOString().slice(0, 10);
  return { start: `${y}-${String(startMonth).padStart(2, '0')}-01`, end };
}

/** A period in words: «3º trimestre 2025» / «Q3 2025»; a year as is. */
export function periodInWords(p: string, lang: 'it' | 'en'): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(p);
  if (!m) return p;
  return lang === 'it' ? `${m[2]}º trimestre ${m[1]}` : `Q${m[2]} ${m[1]}`;
}
