// End-to-end, bad URL parameters as the demo director meets them: each page
// answers 400 and says, in Italian, which parameter is wrong and its
// accepted form; an unknown KPI on /explore shows no other KPI in its place;
// a real province without data is named, an unknown code is called unknown.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSignedInDemo } from './harness.ts';

const demo = useSignedInDemo('demo-director');

/** Opens a page, checks the 400 and returns the alert's visible text. */
async function alertOf(path: string): Promise<{ page: Page; text: string }> {
  const { page, problems } = await demo.open(path);
  expect(problems.filter((p) => p.startsWith('400: ')), path).toHaveLength(1);
  // Nothing else goes wrong on the page: the browser's own console line for the 400 document is the only one.
  const status400 = /^console: Failed to load resource: the server responded with a status of 400/;
  expect(problems.filter((p) => !p.startsWith('400: ') && !status400.test(p)), path).toEqual([]);
  const alert = page.locator('[role="alert"][data-testid="param-alert"]');
  expect(await alert.count(), path).toBe(1);
  return { page, text: await alert.innerText() };
}

describe('bad URL parameters', () => {
  it('a month not in AAAA-MM form and an inverted period are named with the accepted form', async () => {
    const month = await alertOf('/placements?from=2025-13');
    expect(month.text).toContain('Mese non valido in from: 2025-13');
    expect(month.text).toContain('mese nel formato AAAA-MM, es. 2025-03');
    expect(month.text).toContain('Periodo non valido: mostro l’intero periodo disponibile');
    // Each part is a sentence: none starts lower-case after a full stop ("es. 272. non applicato").
    expect(month.text).not.toMatch(/\. \p{Ll}/u);
    // The form does not silently keep or drop the value: the field is empty and the alert says why.
    // (By its label: the header's logout form also carries a hidden field named "from".)
    expect(await month.page.getByRole('textbox', { name: 'Da (AAAA-MM)' }).inputValue()).toBe('');

    const inverted = await alertOf('/mismatch?from=2025-06&to=2025-01');
    expect(inverted.text).toContain('Periodo invertito: from=2025-06 è dopo to=2025-01');
  });

  it('an unknown KPI is named with a link to the KPI list, and no other KPI is shown', async () => {
    const { page, text } = await alertOf('/explore?kpi=NOPE');
    expect(text).toContain('KPI sconosciuto: NOPE');
    expect(text).toContain('un codice dell’elenco dei KPI');
    expect(await page.locator('[data-testid="param-alert"] a[href="/methodology"]').count()).toBe(1);
    expect(await page.getByTestId('kpi').inputValue()).toBe('');
    // No result block (no chart, no table, no KPI name): only the invitation to choose one.
    expect((await page.getByTestId('explore-result').innerText()).trim()).toBe('— scegliere un KPI —');
  });

  it('a real province without data is named; an unknown code and an unknown parameter are reported', async () => {
    const milano = await alertOf('/?province=215');
    expect(milano.text).toContain('Provincia di Milano (215): nessun dato per questo territorio');
    expect(milano.text).not.toMatch(/sconosciut/);

    const unknown = await alertOf('/spend?province=999&provincia=272');
    expect(unknown.text).toContain('Codice provincia sconosciuto: 999');
    expect(unknown.text).toContain('codice ISTAT della provincia, 3 cifre, es. 272');
    expect(unknown.text).toContain('Parametro sconosciuto: provincia');
  });
});
