// How a refused request names what it refused: a caller's text goes back
// into an error message (CLI, HTTP body, log), so it is cut short and kept to
// characters that cannot break a terminal line, a log record or a page.

/** A short, printable echo of a refused name (never long or multi-line). */
export function printableEcho(value: string): string {
  const s = String(value).replace(/[^\w.\-:+ ]/g, '?');
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}
