// The "occupations hardest to fill" table of /mismatch: the MM_HTF rows of a
// territory by occupation, joined with time to fill, declined offers and the
// shortage/surplus flag of the same occupation, in a stated order.
type Row = Record<string, unknown>;

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
