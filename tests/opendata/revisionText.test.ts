// Revision notes in words (warehouse/opendata/revisionText.ts): figures and
// counts as the notes' language writes them. Italian groups thousands from
// four digits, as ISTAT and the Ministry publish them (1.205, never 1205);
// English notes write English numbers (1,205). Expected strings are written
// out by hand, not produced by Intl here.
import { describe, expect, it } from 'vitest';
import { revisionText } from '../../warehouse/opendata/revisionText.ts';
import type { RevisionNotes } from '../../warehouse/opendata/revisionNotes.ts';

const notes: RevisionNotes = {
  previous: 1,
  asOfBefore: '2025-10-31',
  asOf: '2026-01-15',
  finalised: [],
  loads: [{ feed: 'placements', files: 1, rows: 12050 }],
  tables: [
    {
      id: 'placements_province_quarter_women',
      changed: [{ period: '2025-Q3', labels: ['Bari'], measure: 'placements', from: 1205, to: 1206 }],
      added: 1500,
      newlySuppressed: [],
      newlyPublished: [],
    },
  ],
};

describe('revision notes', () => {
  it('write Italian figures and counts grouped from four digits', () => {
    const text = revisionText(notes, 'it').join('\n');
    expect(text).toContain('(inserimenti lavorativi: 1 file, 12.050 righe)');
    expect(text).toContain('1 cella rivista (Bari, 3º trimestre 2025 — numero di inserimenti: 1.205 → 1.206)');
    expect(text).toContain('1.500 celle nuove');
  });

  it('write English figures and counts in English notes', () => {
    const text = revisionText(notes, 'en').join('\n');
    expect(text).toContain('(placements: 1 file, 12,050 rows)');
    expect(text).toContain('1 cell revised (Bari, Q3 2025 — number of placements: 1,205 → 1,206)');
    expect(text).toContain('1,500 new cells');
  });

  it('say the data date once when it did not move, and count one row as one', () => {
    const same: RevisionNotes = { ...notes, asOfBefore: '2026-01-15', loads: [{ feed: 'placements', files: 1, rows: 1 }] };
    expect(revisionText(same, 'it').slice(0, 2)).toEqual([
      'Rispetto al rilascio 1: dati aggiornati sempre al 15/01/2026.',
      'Perché: dati arrivati dopo il rilascio precedente (inserimenti lavorativi: 1 file, 1 riga).',
    ]);
    expect(revisionText(same, 'en').slice(0, 2)).toEqual([
      'Compared with release 1: data still as of 15/01/2026.',
      'Why: data received after the previous release (placements: 1 file, 1 row).',
    ]);
    expect(revisionText(notes, 'it')[0]).toBe('Rispetto al rilascio 1: dati aggiornati al 15/01/2026 (prima al 31/10/2025).');
  });
});
