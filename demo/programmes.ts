// Programmes, projects (CUP), financial snapshots, targets and indicator
// reports of the demo. Small and independent of the scale. The one real
// project is PN Metro Plus CUP F31D23000140007 (Bologna, "Insieme per il
// lavoro"): its public figures are reproduced exactly (docs/data-contract.md);
// every other figure is synthetic.
import { dayOf, iso, REF } from './dates.ts';
import { int, rngFor, type Rng } from './random.ts';
import { territories } from './territories.ts';

export interface Programme {
  programme_code: string;
  name: string;
  fund: string;
  managing_authority: string;
  period_start: string;
  period_end: string;
}

export interface Project {
  cup: string;
  programme_code: string;
  title: string;
  beneficiary: string;
  local_code: string;
  city: string;
  priority: string;
  action: string;
  fund: string;
  start_date: string;
  end_date: string;
  programme_resources: number;
  other_resources: number;
  /** Territory code (BA, MT, PZ, SP, BO) the project serves. */
  territory: string;
}

export const PROGRAMME = {
  metro: '2021IT16FFPR003',
  gol: 'PNRR-M5C1-I1.1-GOL',
  gg: '2021IT05SFPR001-GG',
  cantieri: 'BA-CANTIERI-CITTADINANZA',
} as const;

export const PROGRAMMES: Programme[] = [
  {
    programme_code: PROGRAMME.metro,
    name: 'PN Metro Plus e città medie Sud 2021-2027',
    fund: 'FSE+',
    managing_authority: 'Agenzia per la coesione territoriale',
    period_start: '2021-01-01',
    period_end: '2029-12-31',
  },
  {
    programme_code: PROGRAMME.gol,
    name: 'GOL – Garanzia di occupabilità dei lavoratori (PNRR M5C1 I1.1)',
    fund: 'PNRR',
    managing_authority: 'Ministero del lavoro e delle politiche sociali',
    period_start: '2022-01-01',
    period_end: '2026-06-30',
  },
  {
    programme_code: PROGRAMME.gg,
    name: 'Garanzia Giovani (PN Giovani, donne e lavoro 2021-2027)',
    fund: 'FSE+',
    managing_authority: 'Ministero del lavoro e delle politiche sociali',
    period_start: '2021-01-01',
    period_end: '2029-12-31',
  },
  {
    programme_code: PROGRAMME.cantieri,
    name: 'Cantieri di cittadinanza',
    fund: 'municipal',
    managing_authority: 'Comune di Bari',
    period_start: '2022-01-01',
    period_end: '2026-12-31',
  },
];

/** The real project: public figures, reproduced exactly. */
export const REAL_CUP = 'F31D23000140007';

export const PROJECTS: Project[] = [
  {
    cup: REAL_CUP,
    programme_code: PROGRAMME.metro,
    title: 'Insieme per il lavoro',
    beneficiary: 'Comune di Bologna',
    local_code: 'BO4.4.8.1.a',
    city: 'Bologna',
    priority: '4',
    action: '4.4.8.1',
    fund: 'FSE+',
    start_date: '2023-12-15',
    end_date: '2029-12-31',
    programme_resources: 4_000_000,
    other_resources: 0,
    territory: 'BO',
  },
  {
    cup: 'J91D23000310007',
    programme_code: PROGRAMME.metro,
    title: 'Porta Futuro Bari – rete metropolitana per il lavoro',
    beneficiary: 'Comune di Bari',
    local_code: 'BA4.4.8.1.a',
    city: 'Bari',
    priority: '4',
    action: '4.4.8.1',
    fund: 'FSE+',
    start_date: '2024-02-01',
    end_date: '2029-06-30',
    programme_resources: 3_200_000,
    other_resources: 150_000,
    territory: 'BA',
  },
  {
    cup: 'B31H22000110006',
    programme_code: PROGRAMME.gol,
    title: 'GOL Puglia – ambito metropolitano di Bari',
    beneficiary: 'Regione Puglia',
    local_code: 'GOL-PUG-BA',
    city: 'Bari',
    priority: 'M5C1',
    action: 'I1.1',
    fund: 'PNRR',
    start_date: '2022-06-01',
    end_date: '2026-06-30',
    programme_resources: 9_800_000,
    other_resources: 0,
    territory: 'BA',
  },
  {
    cup: 'G31H22000080006',
    programme_code: PROGRAMME.gol,
    title: 'GOL Basilicata – HUB/SPOKE Matera',
    beneficiary: 'ARLAB Basilicata',
    local_code: 'GOL-BAS-MT',
    city: 'Matera',
    priority: 'M5C1',
    action: 'I1.1',
    fund: 'PNRR',
    start_date: '2022-06-01',
    end_date: '2026-06-30',
    programme_resources: 2_100_000,
    other_resources: 0,
    territory: 'MT',
  },
  {
    cup: 'G31H22000090006',
    programme_code: PROGRAMME.gol,
    title: 'GOL Basilicata – HUB/SPOKE Potenza',
    beneficiary: 'ARLAB Basilicata',
    local_code: 'GOL-BAS-PZ',
    city: 'Potenza',
    priority: 'M5C1',
    action: 'I1.1',
    fund: 'PNRR',
    start_date: '2022-06-01',
    end_date: '2026-06-30',
    programme_resources: 2_600_000,
    other_resources: 0,
    territory: 'PZ',
  },
  {
    cup: 'E41H22000050006',
    programme_code: PROGRAMME.gol,
    title: 'GOL Liguria – La Spezia',
    beneficiary: 'Regione Liguria',
    local_code: 'GOL-LIG-SP',
    city: 'La Spezia',
    priority: 'M5C1',
    action: 'I1.1',
    fund: 'PNRR',
    start_date: '2022-06-01',
    end_date: '2026-06-30',
    programme_resources: 2_900_000,
    other_resources: 0,
    territory: 'SP',
  },
  {
    cup: 'E31H22000170006',
    programme_code: PROGRAMME.gol,
    title: 'GOL Emilia-Romagna – Città metropolitana di Bologna',
    beneficiary: 'Regione Emilia-Romagna',
    local_code: 'GOL-ER-BO',
    city: 'Bologna',
    priority: 'M5C1',
    action: 'I1.1',
    fund: 'PNRR',
    start_date: '2022-06-01',
    end_date: '2026-06-30',
    programme_resources: 7_400_000,
    other_resources: 0,
    territory: 'BO',
  },
  {
    cup: 'B39J22001020006',
    programme_code: PROGRAMME.gg,
    title: 'Garanzia Giovani Puglia – tirocini e orientamento',
    beneficiary: 'Regione Puglia',
    local_code: 'GG-PUG-01',
    city: 'Bari',
    priority: '1',
    action: '1.a',
    fund: 'FSE+',
    start_date: '2022-03-01',
    end_date: '2028-12-31',
    programme_resources: 2_400_000,
    other_resources: 0,
    territory: 'BA',
  },
  {
    cup: 'E49J22000860006',
    programme_code: PROGRAMME.gg,
    title: 'Garanzia Giovani Emilia-Romagna – Bologna',
    beneficiary: 'Regione Emilia-Romagna',
    local_code: 'GG-ER-01',
    city: 'Bologna',
    priority: '1',
    action: '1.a',
    fund: 'FSE+',
    start_date: '2022-03-01',
    end_date: '2028-12-31',
    programme_resources: 1_900_000,
    other_resources: 0,
    territory: 'BO',
  },
  {
    cup: 'E49J22000870006',
    programme_code: PROGRAMME.gg,
    title: 'Garanzia Giovani Liguria – La Spezia',
    beneficiary: 'Regione Liguria',
    local_code: 'GG-LIG-01',
    city: 'La Spezia',
    priority: '1',
    action: '1.a',
    fund: 'FSE+',
    start_date: '2022-03-01',
    end_date: '2028-12-31',
    programme_resources: 800_000,
    other_resources: 0,
    territory: 'SP',
  },
  {
    cup: 'J99G22000430004',
    programme_code: PROGRAMME.cantieri,
    title: 'Cantieri di cittadinanza – tirocini di inclusione',
    beneficiary: 'Comune di Bari',
    local_code: 'BA-CC-2022',
    city: 'Bari',
    priority: '1',
    action: 'tirocini',
    fund: 'municipal',
    start_date: '2022-04-01',
    end_date: '2026-12-31',
    programme_resources: 1_500_000,
    other_resources: 250_000,
    territory: 'BA',
  },
];

export interface FinancialSnapshot {
  cup: string;
  as_of: string;
  programmed: string;
  admitted: string;
  legally_committed: string;
  paid: string;
  certified: string;
}

const eur = (x: number): string => x.toFixed(2);

/** Quarter ends from the first after `start` to the last before the reference date. */
function quarterEnds(start: string): string[] {
  const out: string[] = [];
  for (let y = 2022; y <= 2025; y++)
    for (const md of ['03-31', '06-30', '09-30', '12-31']) {
      const d = `${y}-${md}`;
      if (dayOf(d) > dayOf(start) && dayOf(d) <= REF) out.push(d);
    }
  return out;
}

/** The real CUP: paid rises to the published 605,305.62 at the last snapshot. */
const REAL_SNAPSHOTS: [string, number, number, number, number][] = [
  // as_of, admitted, legally committed, paid, certified
  ['2024-03-31', 4_000_000, 1_250_000, 0, 0],
  ['2024-06-30', 4_000_000, 2_400_000, 48_210.35, 0],
  ['2024-09-30', 4_000_000, 3_100_000, 131_874.9, 48_210.35],
  ['2024-12-31', 4_000_000, 4_000_000, 247_530.12, 131_874.9],
  ['2025-03-31', 4_000_000, 4_000_000, 352_118.47, 247_530.12],
  ['2025-06-30', 4_000_000, 4_000_000, 478_964.03, 352_118.47],
  ['2025-09-30', 4_000_000, 4_000_000, 605_305.62, 478_964.03],
];

export function financialSnapshots(seed: number): FinancialSnapshot[] {
  const out: FinancialSnapshot[] = [];
  for (const [as_of, admitted, committed, paid, certified] of REAL_SNAPSHOTS)
    out.push({
      cup: REAL_CUP,
      as_of,
      programmed: eur(4_000_000),
      admitted: eur(admitted),
      legally_committed: eur(committed),
      paid: eur(paid),
      certified: eur(certified),
    });
  const r = rngFor(seed, 'financials');
  for (const p of PROJECTS) {
    if (p.cup === REAL_CUP) continue;
    const total = p.programme_resources + p.other_resources;
    const qs = quarterEnds(p.start_date);
    // Spend paths differ: some projects are on track, some lag (the funder page should show both).
    const pace = 0.35 + r() * 0.55;
    let paid = 0;
    qs.forEach((as_of, i) => {
      const progress = (i + 1) / qs.length;
      const admitted = total * Math.min(1, 0.6 + progress);
      const committed = Math.min(admitted, total * Math.min(1, 0.3 + progress * 0.9));
      paid = Math.min(
        committed,
        Math.max(paid, Math.round(total * pace * progress ** 1.4 * (0.9 + r() * 0.2))),
      );
      const certified = Math.round(paid * (0.6 + r() * 0.3));
      out.push({
        cup: p.cup,
        as_of,
        programmed: eur(total),
        admitted: eur(Math.round(admitted)),
        legally_committed: eur(Math.round(committed)),
        paid: eur(paid),
        certified: eur(certified),
      });
    });
  }
  return out;
}

export interface Target {
  target_id: string;
  scope: 'programme' | 'project' | 'territory';
  scope_id: string;
  indicator_code: string;
  due_date: string;
  target_value: number;
  unit: string;
  kind: 'milestone' | 'target';
  baseline: number;
}

export interface IndicatorReport {
  cup: string;
  indicator_code: string;
  as_of: string;
  value: number;
}

/** Participants-style indicators per project: ESF+ common output/result indicators. */
const INDICATORS: { code: string; unit: string; perMillion: number }[] = [
  { code: 'EECO01', unit: 'persons', perMillion: 420 }, // unemployed participants
  { code: 'EECO02', unit: 'persons', perMillion: 120 }, // long-term unemployed participants
  { code: 'EECR04', unit: 'persons', perMillion: 150 }, // participants in employment upon leaving
];

export function targetsAndReports(
  seed: number,
  scale: number,
): { targets: Target[]; reports: IndicatorReport[] } {
  const r: Rng = rngFor(seed, 'targets');
  const targets: Target[] = [];
  const reports: IndicatorReport[] = [];
  for (const p of PROJECTS) {
    const millions = (p.programme_resources + p.other_resources) / 1e6;
    for (const ind of INDICATORS) {
      const target = Math.round(ind.perMillion * millions * Math.max(0.05, scale));
      const baseline = Math.round(target * 0.02 * r());
      const milestone = Math.round(baseline + (target - baseline) * (0.25 + r() * 0.1));
      targets.push({
        target_id: `${p.cup}-${ind.code}-M2024`,
        scope: 'project',
        scope_id: p.cup,
        indicator_code: ind.code,
        due_date: '2024-12-31',
        target_value: milestone,
        unit: ind.unit,
        kind: 'milestone',
        baseline,
      });
      targets.push({
        target_id: `${p.cup}-${ind.code}-T2029`,
        scope: 'project',
        scope_id: p.cup,
        indicator_code: ind.code,
        due_date: '2029-12-31',
        target_value: target,
        unit: ind.unit,
        kind: 'target',
        baseline,
      });
      // Half-yearly cumulative reports; some projects ahead of the straight line, some behind.
      const pace = 0.6 + r() * 0.7;
      const start = dayOf(p.start_date);
      const end = dayOf('2029-12-31');
      for (const as_of of ['2023-06-30', '2023-12-31', '2024-06-30', '2024-12-31', '2025-06-30']) {
        const d = dayOf(as_of);
        if (d <= start) continue;
        const straight = baseline + ((target - baseline) * (d - start)) / (end - start);
        reports.push({
          cup: p.cup,
          indicator_code: ind.code,
          as_of,
          value: Math.round(straight * pace),
        });
      }
    }
  }
  // Programme-level targets for the observatory's own KPI (placement rate at 6 months, %).
  for (const code of Object.values(PROGRAMME)) {
    const baseline = int(r, 25, 30);
    targets.push({
      target_id: `${code}-PL_RATE_6-T2029`,
      scope: 'programme',
      scope_id: code,
      indicator_code: 'PL_RATE_6',
      due_date: '2029-12-31',
      target_value: baseline + int(r, 8, 14),
      unit: '%',
      kind: 'target',
      baseline,
    });
  }
  targets.push(...kpiTerritoryTargets(seed));
  return { targets, reports };
}

/**
 * Territory targets on the observatory's own KPIs (scope 'territory', ISTAT
 * province code), so the overview can show each KPI tile against its target.
 * Own random stream, so adding these left every other demo value unchanged.
 */
function kpiTerritoryTargets(seed: number): Target[] {
  const r: Rng = rngFor(seed, 'kpi-territory-targets');
  const out: Target[] = [];
  // [KPI, baseline range, change to reach by 2029 (negative: lower is better)], values in %.
  const plan: [string, [number, number], [number, number]][] = [
    ['PL_RATE_6', [28, 34], [6, 12]],
    ['MM_FILL', [55, 65], [8, 15]],
    ['MM_HTF', [45, 55], [-12, -6]],
  ];
  for (const t of territories())
    for (const [kpi, [b0, b1], [d0, d1]] of plan) {
      const baseline = int(r, b0, b1);
      out.push({
        target_id: `${t.cod_uts}-${kpi}-T2029`,
        scope: 'territory',
        scope_id: t.cod_uts,
        indicator_code: kpi,
        due_date: '2029-12-31',
        target_value: baseline + int(r, d0, d1),
        unit: '%',
        kind: 'target',
        baseline,
      });
    }
  return out;
}

/** Sanity: the last snapshot date of the real project (used by tests and docs). */
export const REAL_CUP_LATEST = {
  as_of: REAL_SNAPSHOTS[REAL_SNAPSHOTS.length - 1]![0],
  paid: '605305.62',
};
export { iso };
