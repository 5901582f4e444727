// Header-level rules of the load path: which feed a file is (by name or by
// header), how its columns map to the feed's columns and aliases, and the
// refusals decided from row 1 alone — direct-identifier names, unknown,
// doubled, missing and unnamed columns.
import { basename } from 'node:path';
import type { Session } from '../warehouse/db.ts';
import { sqlIdent } from '../warehouse/sql.ts';
import type { ColumnSpec, FeedDefinition } from './feeds/feedDefinition.ts';
import { FEEDS } from './feeds/index.ts';
import { piiColumnName } from './pii/names.ts';
import { normaliseHeader } from './pii/normalise.ts';
import { UNNAMED_COLUMN_PREFIX } from './readers/csvHeader.ts';
import type { Source } from './readers/index.ts';
import type { Issue } from './validate.ts';

/** Feed from the file name prefix: `vacancies_2025-06.csv` → vacancies. */
export function feedFromFileName(file: string): FeedDefinition | undefined {
  const name = basename(file).toLowerCase();
  return [...FEEDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find(
      (f) =>
        name === f.name ||
        name.startsWith(f.name + '_') ||
        name.startsWith(f.name + '.') ||
        name.startsWith(f.name + '-'),
    );
}

/** Maps each header to a feed column (by name or alias); undefined when unknown. */
export function mapHeaders(
  feed: FeedDefinition,
  headers: string[],
): Map<string, ColumnSpec | undefined> {
  const byName = new Map<string, ColumnSpec>();
  for (const c of feed.columns) {
    byName.set(c.name, c);
    for (const a of c.aliases ?? []) byName.set(normaliseHeader(a), c);
  }
  return new Map(headers.map((h) => [h, byName.get(normaliseHeader(h))]));
}

/** Feed whose columns best explain the header (all required present, most matches). */
export function feedFromHeader(headers: string[]): FeedDefinition | undefined {
  let best: { feed: FeedDefinition; score: number } | undefined;
  for (const feed of FEEDS) {
    const mapped = [...mapHeaders(feed, headers).values()].filter(Boolean) as ColumnSpec[];
    const names = new Set(mapped.map((c) => c.name));
    if (!feed.columns.filter((c) => c.required).every((c) => names.has(c.name))) continue;
    const score = names.size - (headers.length - mapped.length);
    if (!best || score > best.score) best = { feed, score };
  }
  return best?.feed;
}

/** Header-level rules: direct-identifier names, unknown, doubled and missing columns. */
export function headerIssues(
  feed: FeedDefinition | undefined,
  headers: string[],
): { errors: Issue[]; mapping: Map<string, ColumnSpec | undefined> } {
  const errors: Issue[] = [];
  const mapping = feed
    ? mapHeaders(feed, headers)
    : new Map<string, ColumnSpec | undefined>(headers.map((h) => [h, undefined]));
  for (const [header, col] of mapping) {
    if (header.startsWith(UNNAMED_COLUMN_PREFIX)) continue; // checked for values once staged
    const pii = col ? undefined : piiColumnName(header);
    if (pii) {
      errors.push({
        rule: 'pii_column',
        column: header,
        row: 1,
        kind: pii,
        message: `column '${header}' is named like a direct identifier (${pii}); remove it, or pseudonymise it with 'osservatorio pseudonymise', before sending`,
      });
    } else if (!col && feed) {
      // Refused, not dropped: a column we silently ignore could lose data or carry personal data.
      errors.push({
        rule: 'unknown_column',
        column: header,
        row: 1,
        message: `column '${header}' is not part of the ${feed.name} feed (see docs/data-contract.md for names and Italian aliases); remove or rename it`,
      });
    }
  }
  if (!feed) return { errors, mapping };
  const seen = new Map<string, string>();
  for (const [header, col] of mapping) {
    if (!col) continue;
    const other = seen.get(col.name);
    if (other)
      errors.push({
        rule: 'duplicate_column',
        column: col.name,
        row: 1,
        message: `columns '${other}' and '${header}' both mean '${col.name}'; keep one`,
      });
    else seen.set(col.name, header);
  }
  for (const c of feed.columns) {
    if (c.required && !seen.has(c.name)) {
      errors.push({
        rule: 'missing_required_column',
        column: c.name,
        row: 1,
        message: `required column '${c.name}' is missing from the header (row 1)`,
      });
    }
  }
  return { errors, mapping };
}

/** An unnamed header cell is fine over an empty column (a trailing separator), a refusal over values. */
export async function unnamedColumnIssues(
  db: Session,
  staged: string,
  source: Source,
): Promise<Issue[]> {
  const unnamed = source.columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.header.startsWith(UNNAMED_COLUMN_PREFIX));
  if (!unnamed.length) return [];
  const counts = await db.one<Record<string, number>>(
    `select ${unnamed.map(({ i }) => `count(${sqlIdent('extra__' + i)}) as n${i}, min(__row) filter (where ${sqlIdent('extra__' + i)} is not null) as r${i}`).join(', ')} from ${sqlIdent(staged)}`,
  );
  return unnamed
    .filter(({ i }) => Number(counts?.[`n${i}`] ?? 0) > 0)
    .map(({ i }) => ({
      rule: 'unnamed_column',
      column: `column ${i + 1}`,
      row: Number(counts?.[`r${i}`]),
      count: Number(counts?.[`n${i}`]),
      message: `column ${i + 1} has values but no name in the header (row 1); name it as in docs/data-contract.md or remove it`,
    }));
}
