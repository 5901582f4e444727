// Generates the feed tables of docs/data-contract.md from the feed definitions
// and the shipped code lists, so the document and the loader cannot drift.
// The generated part sits between two marker comments; everything else in the
// document is hand-written prose. Run `npx tsx ingest/contractDoc.ts --write`
// (or `npm run docs:contract`) after changing a feed; tests/contract fails
// while the committed document differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { ColumnSpec, FeedDefinition } from './feeds/feedDefinition.ts';
import { FEEDS } from './feeds/index.ts';
import { REFERENCE_DIR } from '../warehouse/reference/loadReferenceData.ts';

export const CONTRACT_DOC = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'data-contract.md');
export const GENERATED_START = '<!-- BEGIN GENERATED: feed tables (npx tsx ingest/contractDoc.ts --write) -->';
export const GENERATED_END = '<!-- END GENERATED: feed tables -->';

export interface CodeListEntry {
  list: string;
  code: string;
  label_it: string;
  label_en: string;
}

export function readCodeLists(): CodeListEntry[] {
  return parse(readFileSync(join(REFERENCE_DIR, 'code_lists.csv')), { columns: true, skip_empty_lines: true }) as CodeListEntry[];
}

const GROUPS: { group: FeedDefinition['group']; title: string }[] = [
  { group: 'job_centre', title: 'Job-centre feeds' },
  { group: 'programme', title: 'Programme feeds' },
  { group: 'public_source', title: 'Public-source feeds (written by connectors)' },
];

const TYPE_TEXT: Record<ColumnSpec['type'], string> = {
  string: 'text',
  integer: 'integer',
  decimal: 'number',
  money: 'money (euro)',
  date: 'date',
  boolean: 'yes/no',
  string_list: 'list',
};

const REFERENCE_TEXT: Record<NonNullable<ColumnSpec['reference']>, string> = {
  comune: 'ISTAT comune code (ref.comuni; pre-2025 Sardinian codes accepted)',
  occupation: 'CP2021 code or `ISCO:` + ISCO-08 code',
  sector: 'ATECO 2007/2025 code, any level',
  isced: 'ISCED level 0–8',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function rules(c: ColumnSpec): string {
  const out: string[] = [];
  if (c.pattern === 'hex64') out.push('64 lowercase hex (pseudonym)');
  if (c.pattern === 'cup') out.push('CUP: 15 capitals/digits');
  if (c.codeList) out.push(`code list [\`${c.codeList}\`](#code-list-${c.codeList.replace(/_/g, '-')})`);
  if (c.reference) out.push(REFERENCE_TEXT[c.reference]);
  if (c.validAt) out.push(`valid on the row's \`${c.validAt}\` in the comuni history loaded (rule \`comune_not_valid_at_date\`)`);
  if (c.allowFuture) out.push('planned date: may be after the load date');
  if (c.min != null && c.max != null) out.push(`${c.min}–${c.max}`);
  else if (c.min != null) out.push(`≥ ${c.min}`);
  else if (c.max != null) out.push(`≤ ${c.max}`);
  return out.join('; ');
}

function feedSection(feed: FeedDefinition): string[] {
  const lines = [`### ${feed.name}`, '', cell(feed.description), ''];
  lines.push(`- Table: \`${feed.table}\``);
  lines.push(`- Key: ${feed.key.map((k) => `\`${k}\``).join(', ')} (unique within the file; a later file replaces rows by key)`);
  for (const r of feed.references ?? []) {
    lines.push(`- Reference: \`${r.column}\` → \`${r.feed}.${r.targetColumn ?? FEEDS.find((f) => f.name === r.feed)?.key[0]}\` (in the same file or already in the warehouse)`);
  }
  for (const [start, end] of feed.dateOrder ?? []) lines.push(`- Dates: \`${end}\` not before \`${start}\``);
  const dates = feed.columns.filter((c) => c.type === 'date').map((c) => `\`${c.name}\``);
  if (dates.length) lines.push(`- Not after the load date: ${dates.join(', ')}`);
  lines.push('', '| column | type | required | aliases | rule | description |', '|---|---|---|---|---|---|');
  for (const c of feed.columns) {
    lines.push(
      `| \`${c.name}\` | ${TYPE_TEXT[c.type]} | ${c.required ? '**yes**' : ''} | ${(c.aliases ?? []).map((a) => `\`${a}\``).join(', ')} | ${cell(rules(c))} | ${cell(c.description)} |`,
    );
  }
  lines.push('');
  return lines;
}

/** The generated part of docs/data-contract.md, markers included. */
export function renderContractTables(feeds: readonly FeedDefinition[] = FEEDS, codeLists: CodeListEntry[] = readCodeLists()): string {
  const lines: string[] = [GENERATED_START, ''];
  lines.push('## Feeds', '');
  lines.push('| feed | group | key | required columns |', '|---|---|---|---|');
  for (const f of feeds) {
    lines.push(`| [\`${f.name}\`](#${f.name.replace(/_/g, '_')}) | ${f.group} | ${f.key.join(', ')} | ${f.columns.filter((c) => c.required).map((c) => c.name).join(', ')} |`);
  }
  lines.push('');
  for (const g of GROUPS) {
    const inGroup = feeds.filter((f) => f.group === g.group);
    if (!inGroup.length) continue;
    lines.push(`## ${g.title}`, '');
    for (const f of inGroup) lines.push(...feedSection(f));
  }
  lines.push('## Code lists', '', 'Shipped in `warehouse/reference/code_lists.csv` (loaded into `ref.code_lists`). A value outside its list is refused (rule 3).', '');
  const lists = [...new Set(codeLists.map((e) => e.list))];
  for (const list of lists) {
    const users = feeds.flatMap((f) => f.columns.filter((c) => c.codeList === list).map((c) => `\`${f.name}.${c.name}\``));
    lines.push(`### Code list \`${list}\``, '', `Used by: ${users.length ? users.join(', ') : '(no feed column yet)'}`, '', '| code | italiano | English |', '|---|---|---|');
    for (const e of codeLists.filter((x) => x.list === list)) lines.push(`| \`${e.code}\` | ${cell(e.label_it)} | ${cell(e.label_en)} |`);
    lines.push('');
  }
  lines.push(GENERATED_END);
  return lines.join('\n');
}

/** The generated block currently in a document, or undefined when the markers are missing. */
export function extractGenerated(doc: string): string | undefined {
  const a = doc.indexOf(GENERATED_START);
  const b = doc.indexOf(GENERATED_END);
  if (a < 0 || b < a) return undefined;
  return doc.slice(a, b + GENERATED_END.length);
}

/** Replaces the generated block of the document with a fresh one. */
export function updateContractDoc(path = CONTRACT_DOC): boolean {
  const doc = readFileSync(path, 'utf8');
  const current = extractGenerated(doc);
  if (current === undefined) throw new Error(`${path} lacks the generated-section markers ${GENERATED_START} … ${GENERATED_END}`);
  const fresh = renderContractTables();
  if (current === fresh) return false;
  writeFileSync(path, doc.replace(current, () => fresh));
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--write')) {
    process.stdout.write(updateContractDoc() ? `updated ${CONTRACT_DOC}\n` : `${CONTRACT_DOC} is up to date\n`);
  } else {
    process.stdout.write(renderContractTables() + '\n');
  }
}
