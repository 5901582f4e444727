// docs/kpis.md is generated from the KPI registry so the methodology page and
// the numbers cannot drift: `npx tsx warehouse/kpi/methodologyDoc.ts` rewrites
// it; tests/kpi/docs.test.ts fails when the file differs from the registry.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIMENSIONS } from './dimensions.ts';
import { DEFAULT_THRESHOLDS } from './query.ts';
import { listKpis } from './registry.ts';
import type { KpiDefinition, Text } from './types.ts';

export const KPI_DOC_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'kpis.md');

const FAMILY: Record<KpiDefinition['family'], Text> = {
  mismatch: { it: 'Incontro domanda / offerta', en: 'Supply / demand mismatch' },
  placement: { it: 'Esiti di inserimento', en: 'Placement outcomes' },
  spend: { it: 'Avanzamento della spesa e obiettivi', en: 'Spend progress against targets' },
};

const both = (t: Text) => `${t.it}<br>*${t.en}*`;

/** The KPI's counts per declared population (MeasureDefinition.population), in measure order. */
function populationsOf(d: KpiDefinition): [string, string[]][] {
  const out = new Map<string, string[]>();
  for (const m of d.measures) if (m.population) (out.get(m.population) ?? out.set(m.population, []).get(m.population)!).push(m.name);
  return [...out];
}

function entry(d: KpiDefinition): string {
  const m = d.methodology;
  const rows: [string, string][] = [
    ['Unità / unit', `${d.unit}${d.higherIsBetter === undefined ? '' : d.higherIsBetter ? ' (↑ meglio / higher is better)' : ' (↓ meglio / lower is better)'}`],
    ['Numeratore / numerator', both(m.numerator)],
    ['Denominatore / denominator', both(m.denominator)],
    ['Popolazione / population', both(m.population)],
    ['Riferimento temporale / time reference', both(m.timeReference)],
    ['Censura / censoring', both(m.censoring)],
    ['Fonte della convenzione / source', both(m.source)],
    ['Avvertenze / caveats', both(m.caveats)],
    ['Dimensioni / dimensions', d.dimensions.map((x) => `\`${x}\``).join(', ') || '—'],
    ...(d.plausible ?? []).map((r): [string, string] => [
      'Intervallo plausibile / plausible range',
      `\`${r.measure}\` ${r.min}–${r.max}: ${r.basis.it} / *${r.basis.en}*`,
    ]),
    ['Mart', `\`mart.${d.mart}\` (\`warehouse/marts/${d.mart}.sql\`)`],
    ...(d.rollups ?? []).map((r): [string, string] => [
      'Aggregato / rollup',
      `\`mart.${r.mart}\` (\`warehouse/marts/${r.mart}.sql\`): richieste solo per / requests using only ${r.dimensions.map((x) => `\`${x}\``).join(', ')}`,
    ]),
    ['Misure / measures', d.measures.map((x) => `\`${x.name}\`${x.name === d.value ? ' (valore / value)' : ''}`).join(', ')],
    ...populationsOf(d).map(([population, names]): [string, string] => [
      'Stessa popolazione / same population',
      `${names.map((x) => `\`${x}\``).join(', ')} (\`${population}\`): stesse celle oscurate / same cells suppressed`,
    ]),
  ];
  return [
    `### ${d.code} — ${d.name.it} / ${d.name.en}${d.context ? ' (contesto / context)' : ''}`,
    '',
    `${d.description.it}  `,
    `*${d.description.en}*`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v.replaceAll('|', '\\|')} |`),
    '',
  ].join('\n');
}

export function renderKpiDoc(): string {
  const defs = listKpis();
  const parts = [
    '# Metodologia degli indicatori / KPI methodology',
    '',
    '<!-- Generated from warehouse/kpi/registry.ts by `npx tsx warehouse/kpi/methodologyDoc.ts`. Do not edit by hand: tests/kpi/docs.test.ts fails when this file and the registry differ. -->',
    '',
    'Ogni indicatore ha una sola definizione (un mart in `warehouse/marts/` e la voce qui sotto), usata da pagine, API, esportazioni e open data attraverso `queryKpi` (`warehouse/kpi/query.ts`).  ',
    '*Every KPI has one definition (a mart in `warehouse/marts/` and the entry below), used by pages, API, exports and open data through `queryKpi` (`warehouse/kpi/query.ts`).*',
    '',
    '## Convenzioni comuni / Common conventions',
    '',
    '- **Data di aggiornamento / as-of date**: la data più recente di un evento nei dati (non oltre oggi), o quella data a `osservatorio marts refresh --as-of`; è restituita con ogni risultato. *The latest event date in the data (not after today), or the one given to `marts refresh --as-of`; returned with every result.*',
    '- **Censura a destra / right-censoring**: vacancies still open, placements still running and exit cohorts too young for the k-month horizon are **excluded** from numerator and denominator, never counted as failures. Il conteggio delle unità escluse è mostrato accanto (es. `exits` vs `eligible`).',
    '- **Divisione per zero / division by zero**: a rate with a zero denominator is `null` (shown as “—”), never 0 or NaN.',
    '- **Additività / additivity**: marts hold counts (numerators and denominators), so every roll-up recomputes the rate from the summed counts; disclosure control sees the counts behind each rate. Medians (MM_TTF) do not add up: every roll-up recomputes them from the vacancies themselves, by territory and month from the count of vacancies per whole number of days (`mart.vacancy_days_area`), for other cuts from the vacancy-level mart — never as a mean of medians.',
    '- **Stessa popolazione / same population** (riservatezza / disclosure control): counts of the same units under nested conditions — e.g. placements, placements observable at 6 months and at 12 months, equal for every start older than a year — name one population (row *same population* below, across KPIs of the same mart and cut). For funders they share one suppression pattern: a cell hidden in one is hidden in all of them, in every KPI that publishes one, so a twin never gives a hidden cell away. Le unità di una stessa popolazione hanno le stesse celle oscurate.',
    '- **Persone con più episodi / people with several spells**: stated per KPI under *population* (e.g. PL_RATE_k counts a person once per exit month; PL_QUAL counts each placement).',
    '- **Professioni / occupations**: codes arrive as CP2021 or `ISCO:xxxx`; **CP2021 ↔ ISCO-08 is mapped at major-group level only** (`ref.occupation_major_map`): `occupation_group` is the CP2021 major group, `isco_major` the ISCO-08 major group.',
    '- **Territorio / territory**: comune → province (`cod_uts`) → region (`cod_regione`) from ISTAT reference tables, never from the file; a comune code that is no longer valid (merged, moved to another province, renumbered in Sardinia in 2025) is counted under the comune that holds its territory today (`ref.comuni_old_codes`, docs/reference-data.md).',
    '- **Gruppo target / target group**: the first target group listed for the person (`none` when none), so that counts stay additive.',
    '- **Età / age band**: age reached in the as-of year, bands 15-24, 25-34, 35-44, 45-54, 55+.',
    `- **Stato degli obiettivi / target status** (SP_TGT): actual ÷ straight-line expected value at the as-of date: ≥ ${DEFAULT_THRESHOLDS.onTrack * 100}% on track, ${DEFAULT_THRESHOLDS.atRisk * 100}–${DEFAULT_THRESHOLDS.onTrack * 100}% at risk, < ${DEFAULT_THRESHOLDS.atRisk * 100}% off track; thresholds configurable per request and returned with the result.`,
    '- **Fotografie finanziarie / financial snapshots**: the latest `as_of` per project wins; all snapshots stay in `mart.project_financial_history`.',
    '',
    '## Dimensioni / Dimensions',
    '',
    '| name | it | en |',
    '|---|---|---|',
    ...Object.values(DIMENSIONS).map((d) => `| \`${d.name}\` | ${d.label.it} | ${d.label.en} |`),
    '',
  ];
  for (const family of ['mismatch', 'placement', 'spend'] as const) {
    parts.push(`## ${FAMILY[family].it} / ${FAMILY[family].en}`, '');
    for (const d of defs.filter((x) => x.family === family)) parts.push(entry(d));
  }
  return parts.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(KPI_DOC_PATH, renderKpiDoc());
  process.stdout.write(`wrote ${KPI_DOC_PATH}\n`);
}
