// docs/kpis.md is generated from the KPI registry; this test fails when they
// drift (regenerate with `npx tsx warehouse/kpi/methodologyDoc.ts`). On a
// mismatch the expected text is written beside it as docs/kpis.md-changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KPI_DOC_PATH, renderKpiDoc } from '../../warehouse/kpi/methodologyDoc.ts';
import { listKpis } from '../../warehouse/kpi/registry.ts';

const CATALOGUE = [
  'MM_VAC', 'MM_FILL', 'MM_TTF', 'MM_HTF', 'MM_TIGHT', 'MM_DECL', 'MM_FLAG', 'MM_CTX',
  'PL_FUNNEL', 'PL_RATE_1', 'PL_RATE_3', 'PL_RATE_6', 'PL_RATE_12', 'PL_EECR', 'PL_QUAL', 'PL_RET', 'PL_CONV', 'PL_EVT', 'PL_GOL',
  'SP_STAGE', 'SP_PAID', 'SP_PACE', 'SP_RISK', 'SP_TGT', 'SP_CPP',
];

describe('docs/kpis.md', () => {
  it('is exactly what the registry generates', () => {
    const expected = renderKpiDoc();
    const actual = readFileSync(KPI_DOC_PATH, 'utf8');
    if (actual !== expected) writeFileSync(`${KPI_DOC_PATH}-changed`, expected);
    expect(actual, 'docs/kpis.md differs from the registry: run `npx tsx warehouse/kpi/methodologyDoc.ts`').toBe(expected);
  });

  it('documents every catalogue code with every methodology field in both languages', () => {
    const doc = readFileSync(KPI_DOC_PATH, 'utf8');
    expect(listKpis().map((d) => d.code)).toEqual(CATALOGUE);
    for (const d of listKpis()) {
      expect(doc).toContain(`### ${d.code} — ${d.name.it} / ${d.name.en}`);
      for (const [field, text] of Object.entries(d.methodology)) {
        expect(text.it.trim(), `${d.code} ${field} it`).not.toBe('');
        expect(text.en.trim(), `${d.code} ${field} en`).not.toBe('');
        expect(doc).toContain(text.en.replaceAll('|', '\\|'));
      }
      expect(d.measures.some((m) => m.name === d.value), `${d.code} value`).toBe(true);
      for (const dim of d.dimensions) expect(d.columns[dim], `${d.code} ${dim}`).toBeTruthy();
    }
    expect(doc).toContain('CP2021 ↔ ISCO-08 is mapped at major-group level only');
  });
});
