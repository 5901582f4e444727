// The demo's official series: the shipped excerpts of real publications (the
// Ministry's quarterly compulsory-communication flows by region, INAPP's
// Focus GOL regional tables, Eurostat's population and GDP by NUTS 3
// region), loaded through the same path as `osservatorio ingest FILE` —
// recognised by their header, read by their mapping or connector, all or
// nothing, exactly once. Unlike the synthetic feeds these are published
// figures, so the "Mercato del lavoro" page shows real numbers beside the
// synthetic agency data. The excerpts and their provenance live with the
// test fixtures (tests/fixtures/official/README.md,
// tests/fixtures/eurostat/README.md); they are read in place, never moved.
import { join } from 'node:path';
import type { Warehouse } from '../warehouse/db.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import { ingestFile, type IngestResult } from '../ingest/ingestFile.ts';

/** The test fixtures, where the excerpts live with their provenance. */
export const FIXTURES_DIR = join(import.meta.dirname, '..', 'tests', 'fixtures');

/** A shipped excerpt that did not load: the excerpt or its mapping changed without the other. */
export class OfficialExcerptLoadError extends Error {
  readonly code = 'DEMO_OFFICIAL_LOAD_FAILED';
  constructor(readonly result: IngestResult) {
    super(
      `The official excerpt ${result.file} was ${result.status}: ${result.errors
        .map((e) => `${e.rule}${e.column ? ` (${e.column})` : ''}${e.row ? ` row ${e.row}` : ''}: ${e.message}`)
        .slice(0, 3)
        .join('; ')}. The excerpt no longer fits its mapping (ingest/official/mappings) or connector (ingest/connectors); please report it.`,
    );
  }
}

/** The excerpts under FIXTURES_DIR, in load order (the measure catalogue of each publication comes with its figures). */
export const OFFICIAL_EXCERPTS = [
  'official/co_regionale_avviamenti_cessazioni_long_2023Q4_2025Q2.csv',
  'official/co_regionale_avviamenti_cessazioni_long_2024Q3_2025Q3.csv',
  'official/focus_gol_tab_1_1_long_2024-06-30_2025-12-31.csv',
  'official/focus_gol_tab_1_2_long_2025-12-31.csv',
  'official/focus_gol_tab_2_2_long_2025-12-31.csv',
  // Eurostat's population and GDP by NUTS 3 region, as its bulk download
  // gives them: context statistics for Basilicata and its provinces.
  'eurostat/tsv/demo_r_pjanaggr3.tsv',
  'eurostat/tsv/estat_nama_10r_3gdp.tsv',
] as const;

/**
 * Loads the official excerpts. Marked source 'demo' in ops.loads (a warehouse
 * holding only these and the synthetic feeds is still a demo); the figures
 * keep their publisher in core.official_series.source.
 */
export async function loadOfficialExcerpts(
  wh: Warehouse,
  paths: DataPaths,
  onFile?: (r: IngestResult) => void,
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const name of OFFICIAL_EXCERPTS) {
    const r = await ingestFile(wh, paths, join(FIXTURES_DIR, name), {
      source: 'demo',
      keepOriginal: true,
    });
    onFile?.(r);
    if (r.status !== 'loaded' && r.status !== 'duplicate') throw new OfficialExcerptLoadError(r);
    results.push(r);
  }
  return results;
}
