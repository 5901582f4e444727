// End-to-end: GOL figures against the targets the agency loaded. The Focus
// GOL tables carry no regional targets, so an agency records its own in the
// targets feed (scope territory, indicator the Focus GOL measure); the
// "Mercato del lavoro" page then shows, for Basilicata, the targets of
// "individui presi in carico" and of the prese in carico over all paths with
// their due date and the share reached —
// computed here from the fixture's published value — names the file the
// targets came from, keeps "obiettivo non disponibile" where none was loaded,
// and the download holds the same target. The target values are the test's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../ingest/loadFile.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { resolveDataPaths } from '../../warehouse/paths.ts';
import { GOL_1_1, GOL_2_2, golRows } from '../official/fixture.ts';
import { axeViolations, realProblems, useSignedInDemo } from './harness.ts';

const TARGET = 30000;
/** A target for prese in carico, set against the total over paths (Tabella 1.1). */
const INTAKES_TARGET = 60000;
const FILE = 'targets_gol_regioni.csv';

const demo = useSignedInDemo('demo-director', async (dataDir) => {
  const file = join(dataDir, FILE);
  writeFileSync(
    file,
    'target_id,scope,scope_id,indicator_code,due_date,target_value,unit,kind\n' +
      `GOL-17-2025,territory,17,gol_individui_presi_in_carico,2025-12-31,${TARGET},persone,target\n` +
      `GOL-17-PIC-2025,territory,17,gol_prese_in_carico,2025-12-31,${INTAKES_TARGET},prese in carico,target\n`,
  );
  const wh = await Warehouse.open(resolveDataPaths({ dataDir }).db);
  try {
    const r = await loadFile(wh, file, { source: 'agency' });
    if (r.status !== 'loaded') throw new Error(JSON.stringify(r.errors));
  } finally {
    wh.close();
  }
});

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();

describe('GOL figures against the targets the agency loaded', () => {
  it('shows the target, its due date and the share reached, and where the target came from', async () => {
    const { page, problems } = await demo.open('/context?region=17');
    expect(realProblems(problems)).toEqual([]);
    const t = page.getByTestId('gol-table');
    const headers = (await t.locator('thead th').allInnerTexts()).map(plain);
    const rows = (
      await t.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c as HTMLElement).innerText)))
    ).map((r) => r.map(plain));
    const col = (h: string) => headers.indexOf(h);
    const taken = rows.find((r) => r[0] === 'Individui presi in carico (dall\'avvio alla data)' && r[1] === 'Tutti i percorsi')!;
    const published = golRows(GOL_2_2).find((r) => r.dimensione === 'regione' && r.etichetta === 'Basilicata' && r.variabile === 'presi_in_carico')!.valore;
    expect(taken[col('Obiettivo')]).toBe(new Intl.NumberFormat('it-IT', { useGrouping: 'always' }).format(TARGET));
    expect(taken[col('Scadenza dell’obiettivo')]).toBe('31/12/2025');
    expect(taken[col('Quota dell’obiettivo raggiunta')]).toBe(
      plain(new Intl.NumberFormat('it-IT', { style: 'percent', maximumFractionDigits: 1, useGrouping: 'always' }).format(published / TARGET)),
    );
    // Prese in carico against their target: the total over paths, as Tabella 1.1 prints it.
    const intakes = rows.find((r) => r[0] === 'Prese in carico nel Programma GOL (dall\'avvio alla data)' && r[1] === 'Tutti i percorsi')!;
    const total = golRows(GOL_1_1).find((r) => r.data === '2025-12-31' && r.etichetta === 'Basilicata' && r.variabile === 'totale')!.valore;
    expect(intakes[col('Valore pubblicato')]).toBe(new Intl.NumberFormat('it-IT', { useGrouping: 'always' }).format(total));
    expect(intakes[col('Obiettivo')]).toBe(new Intl.NumberFormat('it-IT', { useGrouping: 'always' }).format(INTAKES_TARGET));
    expect(intakes[col('Quota dell’obiettivo raggiunta')]).toBe(
      plain(new Intl.NumberFormat('it-IT', { style: 'percent', maximumFractionDigits: 1, useGrouping: 'always' }).format(total / INTAKES_TARGET)),
    );
    // Every other row has no target loaded, and says so: a path is not set against the total's target.
    for (const r of rows.filter((x) => x !== taken && x !== intakes)) {
      expect(r[col('Obiettivo')]).toBe('obiettivo non disponibile');
      expect(r[col('Quota dell’obiettivo raggiunta')]).toBe('—');
    }
    const note = await page.getByTestId('gol-targets').innerText();
    expect(note).toMatch(/^Obiettivi caricati dall’agenzia/);
    expect(note).toContain(FILE);
    expect(await page.getByTestId('no-target').count()).toBe(0);

    // The download holds the same target, as a number without grouping.
    const href = await page.getByTestId('gol-csv').getAttribute('href');
    const file = decodeURIComponent(href!.replace(/^data:text\/csv;charset=utf-8,/, ''))
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter(Boolean)
      .map((l) => l.split(';').map((c) => c.replace(/^"|"$/g, '')));
    expect(file[0]).toEqual(headers);
    const line = file.find((r) => r[0] === taken[0] && r[1] === taken[1])!;
    expect(line[col('Obiettivo')]).toBe(String(TARGET));
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
