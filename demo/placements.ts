// Writes placements (employment spells) for both sources of hires: the
// person-level process (people.ts) and matches with stage 'hired' (market.ts).
// Spells that would start after the reference date are not written, and spells
// still running at the reference date have no end date (right-censored).
import { iso, REF } from './dates.ts';
import { chance, int, weighted, type Rng } from './random.ts';
import type { CsvFile } from './writer.ts';

export const PLACEMENT_COLUMNS = [
  'placement_id',
  'person_id',
  'employer_id',
  'start_date',
  'contract_type',
  'end_date',
  'planned_end_date',
  'working_time',
  'occupation_code',
  'sector_code',
  'comune_code',
  'channel',
  'vacancy_id',
  'event_id',
  'programme_code',
  'cup',
] as const;

export type ContractType =
  | 'permanent'
  | 'fixed_term'
  | 'apprenticeship'
  | 'temporary_agency'
  | 'traineeship'
  | 'self_employed'
  | 'other';

export const CONTRACT_MIX: readonly (readonly [ContractType, number])[] = [
  ['fixed_term', 48],
  ['permanent', 16],
  ['temporary_agency', 14],
  ['apprenticeship', 9],
  ['self_employed', 3],
  ['other', 3],
];

export interface PlacementSpec {
  person: string;
  employer: string;
  start: number; // day number
  contract: ContractType;
  occupation: string;
  sector: string;
  comune: string;
  channel: string;
  vacancy?: string;
  event?: string;
  programme?: string;
  cup?: string;
  /** Forced duration in days (traineeships). */
  days?: number;
}

export class PlacementWriter {
  private n = 0;
  constructor(
    private readonly out: CsvFile,
    private readonly r: Rng,
  ) {}

  get rows(): number {
    return this.out.rows;
  }

  /** Writes one placement; returns its actual end day (or undefined when running/not written). */
  async write(p: PlacementSpec): Promise<{ written: boolean; end?: number }> {
    if (p.start > REF) return { written: false };
    const r = this.r;
    let planned: number | undefined;
    let end: number | undefined;
    if (p.days !== undefined) {
      planned = p.start + p.days;
      end = chance(r, 0.9) ? planned : p.start + int(r, 20, p.days - 1);
    } else if (p.contract === 'permanent' || p.contract === 'self_employed') {
      if (chance(r, 0.15)) end = p.start + int(r, 60, 900);
    } else {
      planned =
        p.start +
        weighted(r, [
          [90, 25],
          [180, 35],
          [365, 30],
          [730, 10],
        ] as const);
      end = chance(r, 0.8) ? planned : p.start + int(r, 10, planned - p.start);
    }
    if (end !== undefined && end > REF) end = undefined;
    const id = `PL-${++this.n}`;
    await this.out.row([
      id,
      p.person,
      p.employer,
      iso(p.start),
      p.contract,
      end === undefined ? null : iso(end),
      planned === undefined ? null : iso(planned),
      chance(r, 0.72) ? 'full' : 'part',
      p.occupation,
      p.sector,
      p.comune,
      p.channel,
      p.vacancy,
      p.event,
      p.programme,
      p.cup,
    ]);
    return { written: true, end };
  }
}
