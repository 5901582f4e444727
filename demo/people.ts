// Job seekers, the services they receive, and the person-level hires
// (direct, online matching, traineeships and their conversions). Vacancy-led
// hires come from market.ts. Mixes are documented in demo/README.md.
import { OCCUPATIONS } from './codes.ts';
import { dayOf, iso, REF } from './dates.ts';
import type { Employer } from './employers.ts';
import { CONTRACT_MIX, type PlacementWriter } from './placements.ts';
import { PROGRAMME, PROJECTS, REAL_CUP } from './programmes.ts';
import { chance, int, pick, pseudonym, rngFor, waitDays, weighted } from './random.ts';
import type { Territory } from './territories.ts';
import type { CsvFile } from './writer.ts';

export const FIRST_REGISTRATION = dayOf('2022-01-03');

/** What market.ts needs to pick candidates: by territory, person index and registration day. */
export interface PeopleIndex {
  count: number;
  registered: Int32Array;
  byTerritory: Map<string, Int32Array>;
}

const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[16, 17], 2],
  [[18, 24], 22],
  [[25, 29], 14],
  [[30, 39], 20],
  [[40, 49], 18],
  [[50, 54], 10],
  [[55, 64], 14],
];

const MEASURES = [
  ['job_matching', 30, 20, 60],
  ['training', 24, 30, 120],
  ['guidance_specialist', 18, 7, 40],
  ['skills_assessment', 14, 3, 20],
  ['preselection', 8, 3, 30],
  ['self_employment_support', 2, 30, 90],
  ['eu_mobility', 1, 10, 40],
  ['school_work', 3, 20, 60],
] as const;

function cupFor(programme: string, territory: string): string | undefined {
  return PROJECTS.find((p) => p.programme_code === programme && p.territory === territory)?.cup;
}

export async function writePeople(
  seed: number,
  count: number,
  terrs: Territory[],
  employers: Map<string, Employer[]>,
  out: { seekers: CsvFile; services: CsvFile },
  placements: PlacementWriter,
): Promise<PeopleIndex> {
  const r = rngFor(seed, 'people');
  const span = REF - FIRST_REGISTRATION;
  const registered = new Int32Array(count);
  const territoryOf = new Uint8Array(count);
  const terrWeights = terrs.map((t, i) => [i, t.share] as const);
  let serviceN = 0;

  for (let i = 0; i < count; i++) {
    const ti = weighted(r, terrWeights);
    const t = terrs[ti]!;
    territoryOf[i] = ti;
    const office = weighted(
      r,
      t.offices.map((o) => [o, o.weight] as const),
    );
    // Registrations grow a little over time (more recent days are likelier).
    const reg = FIRST_REGISTRATION + Math.floor(r() ** 0.85 * span);
    registered[i] = reg;
    const person = pseudonym(seed, 'person', i);
    const [lo, hi] = weighted(r, AGE_BANDS);
    const age = int(r, lo, hi);
    const regYear = Number(iso(reg).slice(0, 4));
    const gender = weighted(r, [
      ['F', 52],
      ['M', 47.5],
      ['X', 0.1],
      ['unknown', 0.4],
    ] as const);
    const citizenship = weighted(
      r,
      t.code === 'BO'
        ? ([
            ['IT', 76],
            ['EU', 5],
            ['non_EU', 19],
          ] as const)
        : ([
            ['IT', 86],
            ['EU', 4],
            ['non_EU', 10],
          ] as const),
    );
    const isced = weighted(r, [
      [1, 4],
      [2, 34],
      [3, 40],
      [4, 3],
      [6, 11],
      [7, 7],
      [8, 1],
    ] as const);
    const disability = chance(r, 0.03);
    const status = weighted(r, [
      ['unemployed', 72],
      ['underemployed', 6],
      ['employed_seeking', 8],
      ['student', 6],
      ['inactive', 8],
    ] as const);
    const groups: string[] = [];
    if (age < 30 && status !== 'student' && chance(r, 0.6)) groups.push('youth_neet');
    const longTerm = status === 'unemployed' && chance(r, 0.3);
    if (longTerm) groups.push('long_term_unemployed');
    if (status === 'underemployed' && chance(r, 0.5)) groups.push('working_poor');
    if (gender === 'F' && chance(r, 0.3)) groups.push('women');
    if (age >= 55) groups.push('over55');
    if (disability) groups.push('disabled');
    if (citizenship === 'non_EU' && chance(r, 0.7)) groups.push('migrants');
    const incomeSupport = chance(r, 0.12);
    if (incomeSupport) groups.push('income_support');
    const fragile = chance(r, 0.06);
    if (fragile) groups.push('fragile');
    const inGol = reg >= dayOf('2022-06-01') && status !== 'student' && chance(r, 0.6);
    const golPath = inGol
      ? fragile || incomeSupport
        ? weighted(r, [
            [3, 20],
            [4, 80],
          ] as const)
        : weighted(r, [
            [1, 50],
            [2, 33],
            [3, 12],
            [4, 2],
            [5, 3],
          ] as const)
      : undefined;
    const desired = weighted(
      r,
      OCCUPATIONS.map(([c, , , supply]) => [c, supply] as const),
    );
    const residence = chance(r, 0.5)
      ? t.capoluogo
      : chance(r, 0.3)
        ? office.comune_code
        : pick(r, t.comuni);

    // Funding attribution of the measures (reception is never attributed).
    let programme: string | undefined;
    if (golPath) programme = PROGRAMME.gol;
    else if (groups.includes('youth_neet') && cupFor(PROGRAMME.gg, t.code))
      programme = PROGRAMME.gg;
    else if (office.office_id === 'BO-IPL' || office.office_id === 'BA-PFB')
      programme = PROGRAMME.metro;
    const cup =
      programme === PROGRAMME.metro && t.code === 'BO'
        ? REAL_CUP
        : programme
          ? cupFor(programme, t.code)
          : undefined;

    // Services: reception, basic guidance, then one measure.
    const service = async (
      type: string,
      start: number,
      days: number,
      hours: number,
      attributed: boolean,
    ): Promise<number | undefined> => {
      if (start > REF) return undefined;
      let end: number | undefined = start + days;
      let outcome = chance(r, 0.1) && days > 0 ? 'dropped' : 'completed';
      if (outcome === 'dropped') end = start + Math.floor(days / 2);
      if (end > REF) {
        end = undefined;
        outcome = 'ongoing';
      }
      await out.services.row([
        `SRV-${++serviceN}`,
        person,
        office.office_id,
        type,
        iso(start),
        end === undefined ? null : iso(end),
        outcome,
        hours,
        attributed ? programme : null,
        attributed ? cup : null,
      ]);
      return end;
    };
    let exit = (await service('reception', reg, 0, 1, false)) ?? reg;
    if (chance(r, 0.85))
      exit =
        (await service('guidance_basic', exit + int(r, 0, 20), int(r, 0, 14), 2, true)) ?? REF + 1;
    if (exit <= REF && chance(r, 0.8)) {
      const [type, , min, max] = weighted(
        r,
        MEASURES.map((m) => [m, m[1]] as const),
      );
      const days = int(r, min, max);
      exit =
        (await service(
          golPath === 4 ? 'inclusion_support' : type,
          exit + int(r, 3, 40),
          days,
          type === 'training' ? int(r, 40, 200) : int(r, 2, 12),
          true,
        )) ?? REF + 1;
    }

    // Person-level hires, from the exit of the last measure.
    const emps = employers.get(t.code)!;
    let placedOn: number | undefined;
    const traineeshipChance =
      t.code === 'BA' && (age < 35 || fragile) ? 0.03 : groups.includes('youth_neet') ? 0.012 : 0;
    if (exit <= REF && chance(r, traineeshipChance)) {
      const employer = pick(r, emps);
      const cantieri = t.code === 'BA';
      const tProgramme = cantieri ? PROGRAMME.cantieri : PROGRAMME.gg;
      const start = exit + int(r, 5, 45);
      await service('traineeship', start, 180, int(r, 400, 700), false);
      const tr = await placements.write({
        person,
        employer: employer.id,
        start,
        contract: 'traineeship',
        occupation: desired,
        sector: employer.sector,
        comune: employer.comune,
        channel: 'other',
        programme: tProgramme,
        cup: cupFor(tProgramme, t.code),
        days: 180,
      });
      if (tr.written) placedOn = start;
      // Conversion: about 18% (seed figure: 34 of 189) get a contract with the same employer within 30 days.
      if (tr.end !== undefined && chance(r, 0.19)) {
        await placements.write({
          person,
          employer: employer.id,
          start: tr.end + int(r, 1, 25),
          contract: weighted(r, [
            ['fixed_term', 50],
            ['apprenticeship', 30],
            ['permanent', 20],
          ] as const),
          occupation: desired,
          sector: employer.sector,
          comune: employer.comune,
          channel: 'traineeship_conversion',
          programme: tProgramme,
          cup: cupFor(tProgramme, t.code),
        });
      }
    } else if (exit <= REF) {
      let q = 0.44;
      if (isced >= 6) q += 0.1;
      if (longTerm) q -= 0.12;
      if (age >= 55) q -= 0.1;
      if (fragile || disability) q -= 0.15;
      if (status === 'student') q -= 0.2;
      if (chance(r, q)) {
        const employer = pick(r, emps);
        const contract = weighted(r, CONTRACT_MIX);
        const start = exit + waitDays(r, 100, 540);
        const res = await placements.write({
          person,
          employer: employer.id,
          start,
          contract,
          occupation: chance(r, 0.7)
            ? desired
            : weighted(
                r,
                OCCUPATIONS.map(([c, w]) => [c, w] as const),
              ),
          sector: employer.sector,
          comune: employer.comune,
          channel:
            contract === 'self_employed'
              ? 'self_employment'
              : weighted(r, [
                  ['direct', 55],
                  ['online_matching', 25],
                  ['other', 20],
                ] as const),
          programme,
          cup,
        });
        if (res.written) placedOn = start;
      }
    }
    let dereg: number | undefined;
    if (placedOn !== undefined && chance(r, 0.7)) dereg = placedOn;
    else if (chance(r, 0.08)) dereg = reg + int(r, 60, 600);
    if (dereg !== undefined && dereg > REF) dereg = undefined;

    await out.seekers.row([
      person,
      office.office_id,
      iso(reg),
      regYear - age,
      gender,
      citizenship,
      residence,
      isced,
      disability,
      groups.join('|'),
      status,
      desired,
      golPath,
      dereg === undefined ? null : iso(dereg),
    ]);
  }

  const byTerritory = new Map<string, Int32Array>();
  terrs.forEach((t, ti) => {
    const idx: number[] = [];
    for (let i = 0; i < count; i++) if (territoryOf[i] === ti) idx.push(i);
    byTerritory.set(t.code, Int32Array.from(idx));
  });
  return { count, registered, byTerritory };
}
