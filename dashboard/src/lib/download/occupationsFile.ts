// The file of /mismatch's "occupations hardest to fill" table: the same
// columns as the table, in the same order, with the cells the table joins
// ("12 / 20", "30 % (3 su 10)") split into one column each so a spreadsheet
// reads numbers, and the occupation's code beside its name.
import type { OccupationRank } from '../map/ranking.ts';
import type { Lang } from '../i18n.ts';
import { fileNameOf, measureHeader, type DimensionNames } from '../../../../warehouse/download.ts';
import { parseKpiQuery } from '../../../../warehouse/kpi/queryString.ts';
import { pageTableFiles, type FileColumn } from './pageTable.ts';

/** The KPIs the table joins, in the order the page reads them. */
const KPIS = ['MM_HTF', 'MM_TTF', 'MM_DECL', 'MM_FLAG'];

const WORDS = {
  code: { it: 'codice', en: 'code' },
  hardToFill: { it: 'Offerte di difficile reperimento', en: 'Hard-to-fill vacancies' },
  closed: { it: 'Offerte chiuse', en: 'Closed vacancies' },
  declined: { it: 'Proposte rifiutate', en: 'Proposals declined' },
  proposed: { it: 'Proposte fatte', en: 'Proposals made' },
} as const;

/** The headers the page shows, by key (the page's own labels). */
export interface OccupationHeaders {
  rank: string;
  occupation: string;
  htfShare: string;
  reasons: { key: keyof OccupationRank; label: string }[];
  ttf: string;
  decl: string;
  flag: string;
}

export function occupationColumns(
  lang: Lang,
  h: OccupationHeaders,
  occName: (code: string) => string,
  flagText: (flag: string | null) => string,
): FileColumn<OccupationRank>[] {
  const pct = (label: string) => measureHeader({ it: label, en: label }, 'share', lang);
  return [
    { header: h.rank, cell: (_r, i) => i + 1 },
    { header: `${h.occupation} (${WORDS.code[lang]})`, cell: (r) => r.occupation },
    { header: h.occupation, cell: (r) => occName(r.occupation) },
    { header: pct(h.htfShare), unit: 'share', cell: (r) => r.htf_share },
    { header: WORDS.hardToFill[lang], cell: (r) => r.hard_to_fill },
    { header: WORDS.closed[lang], cell: (r) => r.closed_vacancies },
    ...h.reasons.map((x): FileColumn<OccupationRank> => ({ header: pct(x.label), unit: 'share', cell: (r) => r[x.key] as number | null })),
    { header: h.ttf, unit: 'days', cell: (r) => r.median_days_to_fill },
    { header: pct(h.decl), unit: 'share', cell: (r) => r.decline_rate },
    { header: WORDS.declined[lang], cell: (r) => (r.candidates_proposed ? r.candidates_declined : null) },
    { header: WORDS.proposed[lang], cell: (r) => (r.candidates_proposed ? r.candidates_proposed : null) },
    { header: h.flag, cell: (r) => flagText(r.flag) },
  ];
}

type Text = { it: string; en: string };

/** The table's CSV and metadata links, from what the page loaded for it. */
export function occupationsFiles(a: {
  lang: Lang;
  rows: OccupationRank[];
  /** The data API query of the table's MM_HTF request (territory cut and period). */
  query: string;
  asOf: string | null;
  notes: { code: string; note: Text }[];
  chain: { level: string; code: string; name: string }[];
  views: { code: string; name: Text }[];
  title: Text;
  method: Text;
  headers: OccupationHeaders;
  occName: (code: string) => string;
  flagText: (flag: string | null) => string;
}) {
  const request = parseKpiQuery(Object.fromEntries(new URLSearchParams(a.query)));
  const names: DimensionNames = {};
  for (const p of a.chain) names[p.level] = new Map([[p.code, { it: p.name, en: p.name }]]);
  const filters = request.filters ?? {};
  const kpis = KPIS.map((code) => ({ code, name: a.views.find((v) => v.code === code)?.name ?? { it: code, en: code } }));
  const fileName = fileNameOf(
    { name: a.lang === 'it' ? 'professioni-difficili' : 'hard-to-fill-occupations', dims: [], filters, from: request.from, to: request.to, asOf: a.asOf },
    a.lang,
    names,
    'csv',
  );
  return pageTableFiles(
    occupationColumns(a.lang, a.headers, a.occName, a.flagText),
    a.rows,
    a.lang,
    {
      table: a.title,
      method: a.method,
      kpis,
      dims: ['occupation'],
      filters,
      from: request.from,
      to: request.to,
      asOf: a.asOf,
      // The page does not know the server's threshold; the sidecar states the rule without the number.
      threshold: null,
      notes: a.notes.map((n) => ({ it: `${n.code}: ${n.note.it}`, en: `${n.code}: ${n.note.en}` })),
      fileName,
    },
    names,
  );
}
