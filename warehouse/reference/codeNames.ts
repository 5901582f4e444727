// Names of the codes a page shows, from the reference tables: what a table
// cell, a picker or a chart says instead of a bare code ("Bari" for 272,
// "Tempo determinato" for fixed_term, the Regulation's wording for EECR04).
// Only the codes asked for are returned, so a page showing three comuni does
// not carry the names of eight thousand.
import type { Session } from '../db.ts';
import { dimensionValues, isDimensionName, DIMENSIONS } from '../kpi/dimensions.ts';
import { KPI_LIST } from '../kpi/registry.ts';
import type { Text } from '../kpi/types.ts';

/** code → name in both languages. */
export type NamesOfCodes = Record<string, Text>;

/**
 * A target's indicator is an FSE+ common indicator (Reg. (EU) 2021/1057,
 * Annex I: the esf_indicator code list), one of the observatory's own KPIs
 * (PL_RATE_6), named as the KPI registry names it, or a measure of an
 * official series (a region's GOL target set against the Focus GOL's
 * `gol_individui_presi_in_carico`), named as its publication's mapping does.
 * A context statistic's indicator (MM_CTX) is an ISTAT or Eurostat code,
 * named by ref.context_labels: the dataset's title where the dataset has no
 * indicator of its own.
 */
async function indicatorNames(db: Session): Promise<NamesOfCodes> {
  const rows = await db.rows<{ code: string; label_it: string; label_en: string }>(
    `select code, label_it, label_en from ref.code_lists where list = 'esf_indicator'`,
  );
  const measures = await db.rows<{ code: string; label_it: string; label_en: string }>(
    `select measure as code, label_it, label_en from core.official_measures`,
  );
  const context = await db.rows<{ code: string; label_it: string; label_en: string }>(
    `select code, label_it, label_en from ref.context_labels where kind in ('dataset', 'indicator') order by kind`,
  );
  const kpis = KPI_LIST.map((k) => [k.code, k.name] as const);
  const named = (list: typeof rows) => list.map((r) => [r.code, { it: r.label_it, en: r.label_en }] as const);
  // Later entries win: an indicator's own name over its dataset's title.
  return Object.fromEntries([...named(context), ...named(measures), ...kpis, ...named(rows)]);
}

/** The names of `codes` of dimension `dim` that the reference data holds (codes without one are left out). */
export async function codeNames(db: Session, dim: string, codes: readonly string[]): Promise<NamesOfCodes> {
  if (!codes.length) return {};
  let all: NamesOfCodes;
  if (dim === 'indicator') all = await indicatorNames(db);
  else if (isDimensionName(dim) && DIMENSIONS[dim].labels)
    all = Object.fromEntries((await dimensionValues(db, dim)).map((v) => [v.value, v.label]));
  else return {};
  const out: NamesOfCodes = {};
  for (const c of codes) if (Object.hasOwn(all, c) && all[c].it) out[c] = all[c];
  return out;
}
