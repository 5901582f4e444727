// The "occupations hardest to fill" table of /mismatch: the MM_HTF rows of a
// territory by occupation, joined with time to fill, declined offers and the
// shortage/surplus flag of the same occupation with the reasons behind it
// (MM_FLAG's signals, read back as text for the class cell's tooltip), in a stated order.
import { numberFormat } from '../labels/format.ts';

type Row = Record<string, unknown>;
type Text = { it: string; en: string };

export interface OccupationRank {
  occupation: string;
  htf_share: number | null;
  hard_to_fill: number;
  closed_vacancies: number;
  lack_of_candidates_share: number | null;
  inadequate_skills_share: number | null;
  conditions_refused_share: number | null;
  other_reason_share: number | null;
  median_days_to_fill: number | null;
  decline_rate: number | null;
  candidates_declined: number;
  candidates_proposed: number;
  flag: string | null;
  /** Why the class is what it is: each MM_FLAG signal with its value and the province's reference. */
  flagReasons: Text;
  tightness: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const byOccupation = (rows: Row[]) => new Map(rows.map((r) => [String(r.occupation), r]));

/**
 * Highest hard-to-fill share first; ties by more hard-to-fill vacancies, then
 * by code. Occupations without closed vacancies (share null) come last. This
 * is the order `select … order by htf_share desc nulls last, hard_to_fill
 * desc, occupation` gives on the same KPI rows.
 */
export function rankOccupations(htf: Row[], ttf: Row[] = [], decl: Row[] = [], flag: Row[] = []): OccupationRank[] {
  const t = byOccupation(ttf);
  const d = byOccupation(decl);
  const f = byOccupation(flag);
  const ranked = htf.map((r): OccupationRank => {
    const code = String(r.occupation);
    return {
      occupation: code,
      htf_share: num(r.htf_share),
      hard_to_fill: num(r.hard_to_fill) ?? 0,
      closed_vacancies: num(r.closed_vacancies) ?? 0,
      lack_of_candidates_share: num(r.lack_of_candidates_share),
      inadequate_skills_share: num(r.inadequate_skills_share),
      conditions_refused_share: num(r.conditions_refused_share),
      other_reason_share: num(r.other_reason_share),
      median_days_to_fill: num(t.get(code)?.median_days_to_fill),
      decline_rate: num(d.get(code)?.decline_rate),
      candidates_declined: num(d.get(code)?.candidates_declined) ?? 0,
      candidates_proposed: num(d.get(code)?.candidates_proposed) ?? 0,
      flag: typeof f.get(code)?.flag === 'string' ? (f.get(code)!.flag as string) : null,
      flagReasons: flagReasons(f.get(code)),
      tightness: num(f.get(code)?.tightness),
    };
  });
  return ranked.sort(
    (a, b) =>
      (b.htf_share ?? -1) - (a.htf_share ?? -1) ||
      b.hard_to_fill - a.hard_to_fill ||
      (a.occupation < b.occupation ? -1 : a.occupation > b.occupation ? 1 : 0),
  );
}

const CLASS: Record<string, Text> = {
  shortage: { it: 'Carenza', en: 'Shortage' },
  surplus: { it: 'Eccedenza', en: 'Surplus' },
  balanced: { it: 'Equilibrio', en: 'Balanced' },
};

/**
 * The reasons behind an MM_FLAG class, in both languages: the net signal and
 * the rule, then each signal with its value, the province's reference where it
 * has one and its vote (+1 towards shortage, −1 towards surplus, 0), or why it
 * could not be read. The thresholds are those of mart.mismatch_cells.
 */
export function flagReasons(row: Row | undefined): Text {
  const out = { it: '', en: '' };
  for (const lang of ['it', 'en'] as const) {
    const n = (v: unknown, digits: number) => {
      const x = num(v);
      return x === null ? '—' : numberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
    };
    const pct = (v: unknown) => (num(v) === null ? '—' : `${n((v as number) * 100, 1)}%`);
    const vote = (v: unknown) => (num(v) === null ? null : `→ ${(v as number) > 0 ? '+1' : (v as number) < 0 ? '−1' : '0'}`);
    const unread = lang === 'it' ? 'non leggibile' : 'not readable';
    const line = (label: string, value: string, sig: unknown, why: string) => {
      const v = vote(sig);
      return v ? `${label}: ${value} ${v}.` : `${label}: ${unread} (${why}).`;
    };
    if (!row) {
      out[lang] = lang === 'it' ? 'Nessun dato su posti aperti e persone disponibili.' : 'No data on open positions and available people.';
      continue;
    }
    if (num(row.signals_read) === null) {
      out[lang] =
        lang === 'it'
          ? 'La classe è definita per una professione in una provincia: scegli una provincia.'
          : 'The class is defined for an occupation in a province: choose a province.';
      continue;
    }
    const flag = typeof row.flag === 'string' ? row.flag : null;
    const net = num(row.net_signal) ?? 0;
    const head = flag
      ? lang === 'it'
        ? `${CLASS[flag]?.it ?? flag}: saldo dei segnali ${net > 0 ? '+' : ''}${net} (carenza se ≥ 2, eccedenza se ≤ −2).`
        : `${CLASS[flag]?.en ?? flag}: net signal ${net > 0 ? '+' : ''}${net} (shortage if ≥ 2, surplus if ≤ −2).`
      : lang === 'it'
        ? `Non classificata: ${n(row.signals_read, 0)} segnali leggibili su 5 (ne servono almeno 2).`
        : `Not classified: ${n(row.signals_read, 0)} of 5 signals readable (at least 2 needed).`;
    const lines =
      lang === 'it'
        ? [
            line('Posti aperti per persona disponibile', `${n(row.tightness, 2)} (${n(row.open_positions, 0)} su ${n(row.seekers, 0)}); provincia ${n(row.territory_tightness, 2)}`, row.sig_tightness, 'meno di 5 tra posti e persone'),
            line('Difficile reperimento', `${pct(row.htf_share_12m)} delle offerte chiuse in 12 mesi (${n(row.htf_12m, 0)} su ${n(row.closed_12m, 0)})`, row.sig_htf, 'meno di 5 offerte chiuse'),
            line('Tempo medio di copertura', `${n(row.mean_days_to_fill_12m, 0)} giorni; provincia ${n(row.territory_days_to_fill, 0)}`, row.sig_ttf, 'meno di 5 offerte coperte'),
            line('Proposte rifiutate', `${pct(row.decline_rate_12m)} (${n(row.declined_12m, 0)} su ${n(row.proposed_12m, 0)})`, row.sig_decl, 'meno di 10 candidati proposti'),
            line('Offerte pubblicate, ultimi 12 mesi contro i 12 precedenti', `${n(row.published_12m, 0)} contro ${n(row.published_prev_12m, 0)}`, row.sig_trend, 'meno di 5 nei 12 mesi precedenti'),
          ]
        : [
            line('Open positions per available person', `${n(row.tightness, 2)} (${n(row.open_positions, 0)} of ${n(row.seekers, 0)}); province ${n(row.territory_tightness, 2)}`, row.sig_tightness, 'fewer than 5 positions and people'),
            line('Hard to fill', `${pct(row.htf_share_12m)} of vacancies closed in 12 months (${n(row.htf_12m, 0)} of ${n(row.closed_12m, 0)})`, row.sig_htf, 'fewer than 5 closed vacancies'),
            line('Mean time to fill', `${n(row.mean_days_to_fill_12m, 0)} days; province ${n(row.territory_days_to_fill, 0)}`, row.sig_ttf, 'fewer than 5 filled vacancies'),
            line('Declined proposals', `${pct(row.decline_rate_12m)} (${n(row.declined_12m, 0)} of ${n(row.proposed_12m, 0)})`, row.sig_decl, 'fewer than 10 candidates proposed'),
            line('Vacancies published, last 12 months against the 12 before', `${n(row.published_12m, 0)} against ${n(row.published_prev_12m, 0)}`, row.sig_trend, 'fewer than 5 in the 12 months before'),
          ];
    out[lang] = [head, ...lines].join(' ');
  }
  return out;
}
