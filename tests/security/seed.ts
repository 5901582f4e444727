// Synthetic core rows for security tests: a few offices in Bari, Bologna and
// La Spezia, job seekers, placements and vacancies, from a seeded generator
// (no real person; ids are sha256 of a counter). Small cells are made on
// purpose so disclosure control has something to do.
import { createHash } from 'node:crypto';
import type { Session } from '../../warehouse/db.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const id = (prefix: string, n: number) => createHash('sha256').update(`${prefix}:${n}`).digest('hex');
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

// Bari (072006), Bologna (037006), La Spezia (011015), plus a comune with few rows (Molfetta 072029).
export const COMUNI = ['072006', '037006', '011015', '072029'] as const;

export interface SeedOptions {
  seed?: number;
  seekers?: number;
  placements?: number;
  vacancies?: number;
}

export async function seedCore(db: Session, options: SeedOptions = {}): Promise<void> {
  const r = rng(options.seed ?? 42);
  const now = `now()`;
  await db.run(`insert into core.offices (office_id, name, kind, comune_code, operator, opened_on, closed_on, load_id, loaded_at) values
    ('CPI-BA','CPI Bari','cpi','072006',null,null,null,0,${now}),
    ('CPI-BO','CPI Bologna','cpi','037006',null,null,null,0,${now}),
    ('CPI-SP','CPI La Spezia','cpi','011015',null,null,null,0,${now})`);
  await db.run(`insert into core.programmes (programme_code, name, fund, managing_authority, period_start, period_end, load_id, loaded_at) values ('PNMETRO','PN Metro Plus','FSE+',null,null,null,0,${now}), ('GOL','GOL','PNRR',null,null,null,0,${now})`);
  await db.run(`insert into core.projects (cup, programme_code, title, beneficiary, load_id, loaded_at) values
    ('F31D23000140007','PNMETRO','Bologna project','Comune di Bologna',0,${now}),
    ('B11B22000000001','GOL','Bari project','Regione Puglia',0,${now})`);
  await db.run(`insert into core.project_financials (cup, as_of, programmed, admitted, legally_committed, paid, load_id, loaded_at) values
    ('F31D23000140007','2025-06-30',1000000,900000,800000,300000,0,${now}),
    ('B11B22000000001','2025-06-30',500000,500000,400000,100000,0,${now})`);
  const seekers = options.seekers ?? 400;
  const weights = [0.4, 0.35, 0.2, 0.05];
  const comune = () => {
    let x = r();
    for (let i = 0; i < COMUNI.length; i++) if ((x -= weights[i]) < 0) return COMUNI[i];
    return COMUNI[0];
  };
  const date = (y0: number) => `${y0 + Math.floor(r() * 2)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const people: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < seekers; i++) {
    const pid = id('p', i);
    people.push(pid);
    const c = comune();
    const office = c.startsWith('072') ? 'CPI-BA' : c === '037006' ? 'CPI-BO' : 'CPI-SP';
    const gender = pick(r, ['F', 'M', 'F', 'M', 'X']);
    const cit = pick(r, ['IT', 'IT', 'IT', 'EU', 'non_EU']);
    values.push(`('${pid}','${office}','${date(2024)}',${1960 + Math.floor(r() * 45)},'${gender}','${cit}','${c}',3,false,[],'unemployed',null,null,null,0,${now})`);
  }
  await db.run(
    `insert into core.job_seekers (person_id, office_id, registered_on, birth_year, gender, citizenship, comune_code, education_isced, disability, target_groups, status, desired_occupation_code, gol_path, deregistered_on, load_id, loaded_at) values ${values.join(',')}`,
  );
  const pv: string[] = [];
  for (let i = 0; i < (options.placements ?? 300); i++) {
    const c = comune();
    const contract = pick(r, ['permanent', 'fixed_term', 'fixed_term', 'apprenticeship', 'traineeship']);
    const prog = r() < 0.3 ? `'PNMETRO','F31D23000140007'` : r() < 0.5 ? `'GOL','B11B22000000001'` : 'null,null';
    pv.push(`('${id('pl', i)}','${pick(r, people)}','${id('e', i % 50)}','${date(2024)}','${contract}',null,null,'full',null,null,'${c}','direct',null,null,${prog},0,${now})`);
  }
  await db.run(
    `insert into core.placements (placement_id, person_id, employer_id, start_date, contract_type, end_date, planned_end_date, working_time, occupation_code, sector_code, comune_code, channel, vacancy_id, event_id, programme_code, cup, load_id, loaded_at) values ${pv.join(',')}`,
  );
  const vv: string[] = [];
  for (let i = 0; i < (options.vacancies ?? 200); i++) {
    const c = comune();
    const office = c.startsWith('072') ? 'CPI-BA' : c === '037006' ? 'CPI-BO' : 'CPI-SP';
    const outcome = pick(r, ['open', 'filled', 'filled', 'unfilled', 'partly_filled']);
    const occ = pick(r, ['5.1.2.2.0', '6.1.2.1.0', '8.1.4.1.0', 'ISCO:2512', '3.1.1.1.0']);
    vv.push(`('${id('v', i)}','${id('e', i % 50)}','${office}','${date(2024)}','${occ}',1,null,'${c}',null,null,null,'${outcome}',null,null,null,null,0,${now})`);
  }
  await db.run(
    `insert into core.vacancies (vacancy_id, employer_id, office_id, published_on, occupation_code, positions, sector_code, comune_code, contract_offered, education_required_isced, closed_on, outcome, filled_positions, hard_to_fill_reason, candidates_proposed, candidates_declined, load_id, loaded_at) values ${vv.join(',')}`,
  );
}
