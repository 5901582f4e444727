// How each mart can follow a load without a full rebuild. A mart is either
// rebuilt whole, or refreshed by slices: the rows whose `column` holds one of
// the values `slices` selects are deleted and computed again, all other rows
// are kept as they are. Slicing is only sound when every row of a slice
// depends on nothing outside the rows that select it; where a row depends on
// other rows (a person's later placements, a province's own ratio, the
// latest snapshot of a project), the slice is widened to them or the mart is
// rebuilt whole. In every case the as-of date must not move: every
// right-censored figure depends on it, so a refresh whose as-of date differs
// from the previous one rebuilds everything (warehouse/marts/incremental.ts).
//
// A cohort mart (a person's later steps, outcomes or retention) is kept
// person by person instead (warehouse/marts/people.ts): its SQL gives rows
// keyed by person, the mart sums them, and a load computes again only
// the people it touched, whose old rows it takes out of the sums. A rollup
// of a cohort mart (the same sums to fewer groups, for the cuts pages ask
// most) moves by the same difference.
//
// `slices` and `people` are queries over the temp table `touched` (kind, value, core_table:
// the keys of the rows the pending loads and reverts touched, see
// warehouse/marts/changes.ts) and over core as it is now, returning one column `value`.
import type { MartName } from './models.ts';

/** Core tables the marts read (directly, through another mart or an intermediate model). */
export type CoreTable =
  | 'core.job_seekers'
  | 'core.services'
  | 'core.placements'
  | 'core.events'
  | 'core.vacancies'
  | 'core.offices'
  | 'core.employers'
  | 'core.programmes'
  | 'core.projects'
  | 'core.project_financials'
  | 'core.targets'
  | 'core.indicator_reports'
  | 'core.context_stats';

interface PlanBase {
  /** A change to any of these tables concerns the mart; changes elsewhere keep it as it is. */
  reads: readonly CoreTable[];
  /** Why the mart is refreshed this way (docs/scaling.md repeats it). */
  why: string;
}

export interface WholePlan extends PlanBase {
  refresh: 'whole';
}

export interface SlicePlan extends PlanBase {
  refresh: 'slices';
  /** The mart column a slice is keyed by. */
  column: string;
  /** A change to any of these (dimension) tables rebuilds the mart whole: it reaches rows of any slice. */
  wholeWhen: readonly CoreTable[];
  /** A mart this one is computed from: rebuilt whole there means rebuilt whole here. */
  after?: MartName;
  /**
   * The core table whose rows make the slices one by one, when `column` is
   * its key (a column of the same name there): the refresh copies the touched
   * slices' rows of it and runs the mart's SQL on the copy, instead of on the
   * whole table with the slices picked from the result.
   */
  rowsOf?: CoreTable;
  slices: string;
}

export interface PeoplePlan extends PlanBase {
  refresh: 'people';
  /** The first measure column, counting the group's members: a group left with none is removed. Every column from it on is a measure, summed over people. */
  members: string;
  /** Tables of people's own rows the mart reads (keyed by person_id): read only for the touched people. */
  personal: readonly CoreTable[];
  /** A change to any of these (dimension) tables rebuilds the mart whole. */
  wholeWhen: readonly CoreTable[];
  /** The people to compute again: the persons of the touched rows. */
  people: string;
  /**
   * What is kept between refreshes. 'groups' (the default): mart_people.<mart>
   * holds the SQL's rows, person_id included, and the mart is their sum over
   * people. 'rows': the mart holds the SQL's rows themselves, each under a
   * row key, and mart_people.<mart> only which person each row key is: for
   * a mart whose groups are almost one per row, where summing over people
   * would write the same wide rows a second time (people.ts).
   */
  kept?: 'groups' | 'rows';
}

export interface RollupPlan extends PlanBase {
  refresh: 'rollup';
  /**
   * The cohort mart this one sums to coarser groups (its SQL reads that mart
   * alone): moved by the same difference, summed to its own groups
   * (people.ts, refreshRollup), and rebuilt whole when that mart is.
   */
  of: MartName;
  /** As the cohort mart's: a change to any of these tables rebuilds both whole. */
  wholeWhen: readonly CoreTable[];
}

export type MartPlan = WholePlan | SlicePlan | PeoplePlan | RollupPlan;

/** The keys of one kind that rows of these tables touched. */
function touched(kind: string, tables: readonly CoreTable[]): string {
  return `select value from touched where kind = '${kind}' and core_table in (${tables.map((t) => `'${t}'`).join(', ')})`;
}

const PERSON_ROWS: readonly CoreTable[] = ['core.job_seekers', 'core.services', 'core.placements'];
const VACANCY_READS: readonly CoreTable[] = ['core.vacancies', 'core.employers', 'core.offices'];
const TIGHTNESS_READS: readonly CoreTable[] = ['core.vacancies', 'core.job_seekers', 'core.employers', 'core.offices'];

/** A sum of mart.placement_quality to fewer groups, for the cuts the pages and the explorer ask. */
function placementQualityRollup(groups: string): RollupPlan {
  return {
    refresh: 'rollup',
    of: 'placement_quality',
    reads: ['core.placements', 'core.job_seekers', 'core.employers'],
    wholeWhen: ['core.employers'],
    why: `mart.placement_quality summed by ${groups}: moved by the difference the touched people made there`,
  };
}

export const MART_PLANS: Readonly<Record<MartName, MartPlan>> = {
  vacancy_outcomes: {
    refresh: 'slices',
    column: 'vacancy_id',
    rowsOf: 'core.vacancies',
    reads: VACANCY_READS,
    wholeWhen: ['core.employers', 'core.offices'],
    why: 'one row per vacancy, computed from that vacancy alone (its employer and office: a change there rebuilds it)',
    slices: touched('vacancy', ['core.vacancies']),
  },
  vacancy_closed_area: {
    refresh: 'slices',
    column: 'close_month',
    reads: VACANCY_READS,
    wholeWhen: ['core.employers', 'core.offices'],
    after: 'vacancy_outcomes',
    why: 'sums of mart.vacancy_outcomes by month of closing: the months the touched vacancies closed in, before and after',
    slices: touched('month:closed_on', ['core.vacancies']),
  },
  vacancy_days_area: {
    refresh: 'slices',
    column: 'pub_month',
    reads: VACANCY_READS,
    wholeWhen: ['core.employers', 'core.offices'],
    after: 'vacancy_outcomes',
    why: 'counts of mart.vacancy_outcomes by month of publication and days: the months the touched vacancies were published in, before and after',
    slices: touched('month:published_on', ['core.vacancies']),
  },
  available_seekers: {
    refresh: 'people',
    members: 'seekers',
    reads: ['core.job_seekers', 'core.offices'],
    personal: ['core.job_seekers'],
    wholeWhen: ['core.offices'],
    why: 'a person counts once, at their latest registration: the people of the touched registrations',
    people: touched('person', ['core.job_seekers']),
  },
  labour_tightness: {
    refresh: 'whole',
    reads: TIGHTNESS_READS,
    why: 'a snapshot at the as-of date, small: the seekers of mart.available_seekers and the vacancies of mart.vacancy_outcomes open whenever published, or filled in the last 12 months',
  },
  mismatch_cells: {
    refresh: 'whole',
    reads: TIGHTNESS_READS,
    why: 'each cell is read against its whole province (V/U and days to fill of the province), over the last 12 and 24 months',
  },
  mismatch_signals: {
    refresh: 'whole',
    reads: TIGHTNESS_READS,
    why: 'a half of mart.mismatch_cells',
  },
  mismatch_signals_group: {
    refresh: 'whole',
    reads: TIGHTNESS_READS,
    why: 'a half of mart.mismatch_cells',
  },
  context_stats: {
    refresh: 'whole',
    reads: ['core.context_stats'],
    why: 'a copy of core.context_stats, small; rebuilt only when that table changed',
  },
  service_funnel: {
    refresh: 'people',
    members: 'registered',
    reads: ['core.job_seekers', 'core.services', 'core.placements', 'core.offices'],
    personal: PERSON_ROWS,
    wholeWhen: ['core.offices'],
    why: 'a registration counts the steps its person took later (services, placements) and their latest attributes: the touched people',
    people: touched('person', PERSON_ROWS),
  },
  placement_rates: {
    refresh: 'people',
    members: 'exits',
    reads: ['core.services', 'core.placements', 'core.job_seekers', 'core.offices'],
    personal: ['core.services', 'core.placements'],
    wholeWhen: ['core.offices'],
    why: 'an exit counts its person in work k months later, whenever that placement started: the touched people',
    people: touched('person', PERSON_ROWS),
  },
  placement_quality: {
    refresh: 'people',
    kept: 'rows',
    members: 'placements',
    reads: ['core.placements', 'core.job_seekers', 'core.employers'],
    personal: ['core.placements'],
    wholeWhen: ['core.employers'],
    why: 'each placement counts on its own, with its person’s latest attributes: the people of the touched placements and registrations',
    people: touched('person', ['core.placements', 'core.job_seekers']),
  },
  placement_quality_area: placementQualityRollup('territory down to province, programme, project, contract type, gender, month'),
  placement_quality_profile: placementQualityRollup('region, the person’s gender, age band, citizenship, education and target group, month'),
  placement_quality_comune: placementQualityRollup('comune (with its province and region), month'),
  placement_quality_work: placementQualityRollup('region, occupation group, ISCO major group, sector section, month'),
  traineeship_conversion: {
    refresh: 'people',
    members: 'ended',
    reads: ['core.placements', 'core.job_seekers', 'core.employers'],
    personal: ['core.placements'],
    wholeWhen: ['core.employers'],
    why: 'a traineeship converts through another placement of the same person: the touched people',
    people: touched('person', ['core.placements', 'core.job_seekers']),
  },
  event_hires: {
    refresh: 'slices',
    column: 'month',
    reads: ['core.events', 'core.placements', 'core.offices'],
    wholeWhen: ['core.offices'],
    why: 'an event month counts the placements linked to its events: the months of the touched events and of the events touched placements name',
    slices: `${touched('month:date', ['core.events'])}
      union select strftime(date, '%Y-%m') from core.events
      where event_id in (${touched('event', ['core.events', 'core.placements'])})`,
  },
  gol_takeup: {
    refresh: 'people',
    members: 'taken_in_charge',
    reads: ['core.job_seekers', 'core.placements', 'core.offices'],
    personal: ['core.job_seekers', 'core.placements'],
    wholeWhen: ['core.offices'],
    why: 'a person counts once, at their latest GOL registration, with their placements: the touched people',
    people: touched('person', ['core.job_seekers', 'core.placements']),
  },
  project_financial_history: {
    refresh: 'slices',
    column: 'project',
    reads: ['core.project_financials', 'core.projects'],
    wholeWhen: ['core.projects'],
    why: 'the latest snapshot is flagged per project: every row of a touched project',
    slices: touched('cup', ['core.project_financials']),
  },
  project_spend: {
    refresh: 'slices',
    column: 'project',
    reads: ['core.project_financials', 'core.placements', 'core.projects'],
    wholeWhen: ['core.projects'],
    after: 'project_financial_history',
    why: 'one row per project: its latest snapshot and the placements carrying its CUP',
    slices: touched('cup', ['core.project_financials', 'core.placements']),
  },
  decommitment_risk: {
    refresh: 'whole',
    reads: ['core.project_financials', 'core.projects', 'core.programmes'],
    why: 'sums over every project of a programme against its whole period (one row per programme, small)',
  },
  target_progress: {
    refresh: 'whole',
    reads: ['core.targets', 'core.indicator_reports', 'core.projects', 'core.programmes'],
    why: 'a programme target sums the latest reports of all its projects (one row per target, small)',
  },
};
