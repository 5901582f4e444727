// docs/data-contract.md is the authoritative contract: its generated part must
// equal what the feed definitions and code lists produce today, and every
// feed, column, alias and code list must appear in it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACT_DOC, extractGenerated, readCodeLists, renderContractTables } from '../../ingest/contractDoc.ts';
import { FEEDS } from '../../ingest/feeds/index.ts';

const doc = readFileSync(CONTRACT_DOC, 'utf8');

describe('docs/data-contract.md', () => {
  it('has the generated block exactly as the feed definitions produce it (run `npx tsx ingest/contractDoc.ts --write` to refresh)', () => {
    const committed = extractGenerated(doc);
    expect(committed, 'generated-section markers are missing').toBeDefined();
    expect(committed).toBe(renderContractTables());
  });

  it('names every feed, column, alias and code list with its codes', () => {
    for (const feed of FEEDS) {
      expect(doc).toContain(`### ${feed.name}\n`);
      for (const c of feed.columns) {
        expect(doc, `${feed.name}.${c.name}`).toContain(`| \`${c.name}\` |`);
        for (const a of c.aliases ?? []) expect(doc, `${feed.name}.${c.name} alias ${a}`).toContain(`\`${a}\``);
        if (c.codeList) expect(doc).toContain(`### Code list \`${c.codeList}\``);
      }
    }
    const lists = readCodeLists();
    expect(lists.length).toBeGreaterThan(50);
    for (const e of lists) expect(doc, `${e.list}:${e.code}`).toContain(`| \`${e.code}\` | ${e.label_it.replace(/\|/g, '\\|')} |`);
  });

  it('keeps the hand-written sections: identifiers, the eight load rules, connectors, the CUP seed example', () => {
    for (const heading of ['## Identifiers', '## Rules every load applies', '## Public-source connectors', '## Seed example']) {
      expect(doc).toContain(heading);
    }
    for (let rule = 1; rule <= 8; rule++) expect(doc).toMatch(new RegExp(`^${rule}\\. `, 'm'));
    expect(doc).toContain('F31D23000140007');
    expect(doc).toContain('605.305,62');
  });

  it('detects drift: a changed feed definition no longer matches the committed block', () => {
    const changed = FEEDS.map((f) => (f.name === 'offices' ? { ...f, columns: [...f.columns, { name: 'extra_column', type: 'string' as const, description: 'x' }] } : f));
    expect(renderContractTables(changed)).not.toBe(extractGenerated(doc));
  });
});
