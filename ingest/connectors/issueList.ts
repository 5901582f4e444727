// Refusal issues a connector collects while it reads a public file: one issue
// per rule and column, with the first row, a count and a few example rows
// (row 1 = the header, as in load reports) — never a cell value. Capped so a
// file wrong on every row still gives a readable report.
import { MAX_EXAMPLE_ROWS, type Issue } from '../validate.ts';

const MAX_ISSUES = 50;

export class IssueList {
  private readonly byKey = new Map<string, Issue>();
  constructor(private readonly ruleText: Readonly<Record<string, string>>) {}

  add(rule: string, row: number, column: string): void {
    const key = `${rule}\u0000${column}`;
    const found = this.byKey.get(key);
    if (found) {
      found.count = (found.count ?? 1) + 1;
      if (found.rows!.length < MAX_EXAMPLE_ROWS) found.rows!.push(row);
      return;
    }
    if (this.byKey.size >= MAX_ISSUES) return;
    this.byKey.set(key, { rule, row, column, rows: [row], count: 1, message: this.ruleText[rule] ?? rule });
  }

  get all(): Issue[] {
    return [...this.byKey.values()];
  }

  get any(): boolean {
    return this.byKey.size > 0;
  }
}

/** `n` and what was counted, the first word singular when n is 1: "1 row without a CUP skipped", "3 rows …". */
export function counted(n: number, words: string): string {
  return `${n} ${n === 1 ? words.replace(/^(rows|projects)\b/, (w) => w.slice(0, -1)) : words}`;
}

/** Counts of rows a connector skipped or merged on purpose, with their first rows: reported, never silent. */
export class NoteCounter {
  private readonly byRule = new Map<string, { message: string; count: number; rows: number[] }>();

  add(rule: string, message: string, row: number): void {
    const n = this.byRule.get(rule) ?? { message, count: 0, rows: [] };
    n.count++;
    if (n.rows.length < MAX_EXAMPLE_ROWS && !n.rows.includes(row)) n.rows.push(row);
    this.byRule.set(rule, n);
  }

  get all(): { rule: string; message: string; count: number; row: number; rows: number[] }[] {
    return [...this.byRule].map(([rule, n]) => ({
      rule,
      message: counted(n.count, n.message),
      count: n.count,
      row: n.rows[0],
      rows: n.rows,
    }));
  }
}
