// The demand side: events (recruiting days and others), vacancies with their
// outcome, the candidates proposed for them (matches) and the hires that follow.
// Hard-to-fill propensity comes from the occupation and is calibrated so that
// about 46% of closed vacancies carry a hard_to_fill_reason (Excelsior: 45.1% in
// 2023, ~48% in 2024). Vacancies still open at the reference date are written
// open (right-censored).
import { OCCUPATIONS } from './codes.ts';
import { dayOf, iso, REF } from './dates.ts';
import type { Employer } from './employers.ts';
import type { PeopleIndex } from './people.ts';
import type { ContractType, PlacementWriter } from './placements.ts';
import { chance, int, pick, pseudonym, rngFor, waitDays, weighted, type Rng } from './random.ts';
import type { Territory } from './territories.ts';
import type { CsvFile } from './writer.ts';

const HARD_TO_FILL_SHARE = 0.48;
const MEAN_PROPENSITY = (() => {
  let w = 0;
  let p = 0;
  for (const [, weight, prop] of OCCUPATIONS) {
    w += weight;
    p += weight * prop;
  }
  return p / w;
})();

const OFFERED: readonly (readonly [ContractType, number])[] = [
  ['fixed_term', 50],
  ['permanent', 18],
  ['apprenticeship', 12],
  ['temporary_agency', 15],
  ['other', 5],
];

interface EventStats {
  id: string;
  office: string;
  kind: string;
  day: number;
  employers: Set<string>;
  proposals: number;
  interviews: number;
  hires: number;
  walkIns: number;
}

interface Ctx {
  seed: number;
  r: Rng;
  people: PeopleIndex;
  placements: PlacementWriter;
  out: { vacancies: CsvFile; matches: CsvFile };
  vacancyN: number;
  matchN: number;
}

function candidate(ctx: Ctx, t: Territory, day: number): string {
  const pool = ctx.people.byTerritory.get(t.code)!;
  let idx = pool[Math.floor(ctx.r() * pool.length)]!;
  for (let k = 0; k < 20 && ctx.people.registered[idx]! > day; k++)
    idx = pool[Math.floor(ctx.r() * pool.length)]!;
  return pseudonym(ctx.seed, 'person', idx);
}

async function vacancy(
  ctx: Ctx,
  t: Territory,
  employer: Employer,
  office: string,
  published: number,
  event?: EventStats,
): Promise<void> {
  const r = ctx.r;
  const [occupation, , propensity] = weighted(
    r,
    OCCUPATIONS.map((o) => [o, o[1]] as const),
  );
  const positions = event
    ? int(r, 1, 3)
    : weighted(r, [
        [1, 70],
        [2, 15],
        [3, 10],
        [5, 4],
        [10, 1],
      ] as const);
  const contract = weighted(r, OFFERED);
  const isced = weighted(r, [
    [2, 35],
    [3, 45],
    [6, 12],
    [7, 8],
  ] as const);
  const hard = chance(r, Math.min(0.97, (propensity * HARD_TO_FILL_SHARE) / MEAN_PROPENSITY));
  const duration = event
    ? event.day - published + int(r, 3, 20)
    : hard
      ? 20 + waitDays(r, 90, 360)
      : 5 + waitDays(r, 35, 200);
  const closedDay = published + duration;
  const open = closedDay > REF;
  let outcome: string;
  let filled = 0;
  let reason: string | null = null;
  if (open) outcome = 'open';
  else if (event) {
    // Recruiting days mostly fill even hard-to-fill roles (that is what they are for).
    if (hard)
      reason = weighted(r, [
        ['lack_of_candidates', 55],
        ['inadequate_skills', 35],
        ['other', 10],
      ] as const);
    outcome = weighted(r, [
      ['filled', 75],
      ['partly_filled', 15],
      ['unfilled', 10],
    ] as const);
  } else if (hard) {
    reason = weighted(r, [
      ['lack_of_candidates', 55],
      ['inadequate_skills', 32],
      ['conditions_refused', 9],
      ['other', 4],
    ] as const);
    outcome = weighted(r, [
      ['unfilled', 45],
      ['partly_filled', 25],
      ['filled', 30],
    ] as const);
  } else
    outcome = weighted(r, [
      ['filled', 88],
      ['withdrawn', 8],
      ['partly_filled', 4],
    ] as const);
  if (outcome === 'partly_filled' && positions === 1) outcome = hard ? 'unfilled' : 'filled';
  if (outcome === 'filled') filled = positions;
  if (outcome === 'partly_filled') filled = int(r, 1, positions - 1);

  const firstProposal = event
    ? event.day
    : published + int(r, 1, Math.max(1, Math.min(duration, 60)));
  let proposed = open
    ? firstProposal <= REF
      ? int(r, 0, 4)
      : 0
    : Math.max(filled, hard ? int(r, 2, 10) : int(r, 1, 6));
  if (event) proposed = Math.max(filled, int(r, 4, 10));
  const declineP = reason === 'conditions_refused' ? 0.45 : 0.1;
  let declined = 0;
  for (let k = filled; k < proposed; k++) if (chance(r, declineP)) declined++;

  const vacancyId = `V-${t.code}-${++ctx.vacancyN}`;
  await ctx.out.vacancies.row([
    vacancyId,
    employer.id,
    office,
    iso(published),
    occupation,
    positions,
    employer.sector,
    employer.comune,
    contract,
    isced,
    open ? null : iso(closedDay),
    outcome,
    open ? null : filled,
    reason,
    proposed,
    declined,
  ]);

  if (event) event.employers.add(employer.id);
  for (let k = 0; k < proposed; k++) {
    const day = event ? event.day : Math.min(open ? REF : closedDay, firstProposal + int(r, 0, 20));
    const stage =
      k < filled
        ? 'hired'
        : k < filled + declined
          ? 'declined_by_candidate'
          : open
            ? chance(r, 0.5)
              ? 'proposed'
              : 'interviewed'
            : chance(r, 0.6)
              ? 'rejected'
              : 'interviewed';
    const person = candidate(ctx, t, day);
    await ctx.out.matches.row([`M-${++ctx.matchN}`, vacancyId, person, iso(day), stage, event?.id]);
    if (event) {
      event.proposals++;
      if (stage === 'hired' || stage === 'interviewed' || stage === 'rejected') event.interviews++;
    }
    if (stage === 'hired') {
      const start = Math.max(day + 1, closedDay - int(r, 0, 7));
      const res = await ctx.placements.write({
        person,
        employer: employer.id,
        start,
        contract,
        occupation,
        sector: employer.sector,
        comune: employer.comune,
        channel: event ? 'recruiting_event' : 'preselection',
        vacancy: vacancyId,
        event: event?.id,
      });
      if (event && res.written) event.hires++;
    }
  }
}

export async function writeMarket(
  seed: number,
  scale: number,
  terrs: Territory[],
  employers: Map<string, Employer[]>,
  people: PeopleIndex,
  placements: PlacementWriter,
  out: { events: CsvFile; vacancies: CsvFile; matches: CsvFile },
): Promise<void> {
  const ctx: Ctx = {
    seed,
    r: rngFor(seed, 'market'),
    people,
    placements,
    out,
    vacancyN: 0,
    matchN: 0,
  };
  const r = ctx.r;
  const events: EventStats[] = [];
  let eventN = 0;
  const firstPublication = dayOf('2022-02-01');
  for (const t of terrs) {
    const emps = employers.get(t.code)!;
    const offices = t.offices.map((o) => [o.office_id, o.weight] as const);
    const hub = t.offices[0]!.office_id;
    // Events month by month from January 2023: recruiting days (with vacancies and
    // hires), plus career days, workshops and a yearly job fair (participation only).
    for (let y = 2023; y <= 2025; y++)
      for (let m = 1; m <= 12; m++) {
        const monthStart = dayOf(`${y}-${String(m).padStart(2, '0')}-01`);
        if (monthStart + 27 > REF) continue;
        const recruiting = Math.floor(t.share * scale * 2.5 + r());
        const kinds: string[] = Array.from({ length: recruiting }, () => 'recruiting_day');
        if (m % 3 === 0) kinds.push('career_day');
        if (chance(r, 0.6)) kinds.push('workshop');
        if (m === 10) kinds.push('job_fair');
        if (chance(r, 0.3 * Math.min(1, scale))) kinds.push('matching_event');
        for (const kind of kinds) {
          const day = monthStart + int(r, 2, 26);
          const ev: EventStats = {
            id: `EV-${t.code}-${++eventN}`,
            office: hub,
            kind,
            day,
            employers: new Set(),
            proposals: 0,
            interviews: 0,
            hires: 0,
            walkIns: int(r, 10, kind === 'job_fair' ? 400 : 60),
          };
          events.push(ev);
          if (kind === 'recruiting_day' || kind === 'matching_event') {
            const nv = kind === 'recruiting_day' ? int(r, 6, 10) : int(r, 2, 4);
            for (let k = 0; k < nv; k++)
              await vacancy(ctx, t, pick(r, emps), hub, day - int(r, 10, 25), ev);
          }
        }
      }
    // Regular vacancies over the whole period.
    const count = Math.max(30, Math.round(6000 * scale * t.share));
    for (let k = 0; k < count; k++) {
      const published = firstPublication + Math.floor(r() ** 0.9 * (REF - firstPublication));
      await vacancy(ctx, t, pick(r, emps), weighted(r, offices), published);
    }
  }
  for (const ev of events) {
    await out.events.row([
      ev.id,
      ev.office,
      ev.kind,
      iso(ev.day),
      ev.employers.size || int(r, 3, 25),
      ev.proposals + ev.walkIns,
      ev.interviews,
      ev.hires,
    ]);
  }
}
