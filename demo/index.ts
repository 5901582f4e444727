// The deterministic demo: generateDemo() writes one CSV per contract feed for
// the seed territories; loadDemo() loads them through the single load path
// (loadFile, source 'demo') in feed order; ensureDemo() does both only when the
// warehouse holds no data yet (used by `npm start`).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../warehouse/db.ts';
import type { DataPaths } from '../warehouse/paths.ts';
import { hasReferenceData, loadReferenceData } from '../warehouse/reference/loadReferenceData.ts';
import type { FeedName } from '../ingest/feeds/feedDefinition.ts';
import { loadFile, type LoadResult } from '../ingest/loadFile.ts';
import { REFERENCE_DATE } from './dates.ts';
import { writeEmployers } from './employers.ts';
import { writeMarket } from './market.ts';
import { writePeople } from './people.ts';
import { PLACEMENT_COLUMNS, PlacementWriter } from './placements.ts';
import { financialSnapshots, PROGRAMMES, PROJECTS, targetsAndReports } from './programmes.ts';
import { rngFor } from './random.ts';
import { territories } from './territories.ts';
import { CsvFile } from './writer.ts';
import { loadOfficialExcerpts } from './official.ts';

export { REFERENCE_DATE } from './dates.ts';
export { REAL_CUP, REAL_CUP_LATEST } from './programmes.ts';

export const DEFAULT_SEED = 20251031;
/** Job seekers at scale 1. */
export const SEEKERS_PER_SCALE = 50_000;

/** Load order: every file after the files it references. */
export const DEMO_FEEDS: FeedName[] = [
  'offices',
  'programmes',
  'projects',
  'project_financials',
  'targets',
  'indicator_reports',
  'employers',
  'job_seekers',
  'events',
  'services',
  'vacancies',
  'matches',
  'placements',
];

const COLUMNS: Record<string, readonly string[]> = {
  offices: ['office_id', 'name', 'kind', 'comune_code', 'operator', 'opened_on', 'closed_on'],
  programmes: [
    'programme_code',
    'name',
    'fund',
    'managing_authority',
    'period_start',
    'period_end',
  ],
  projects: [
    'cup',
    'programme_code',
    'title',
    'beneficiary',
    'local_code',
    'city',
    'priority',
    'action',
    'fund',
    'start_date',
    'end_date',
    'programme_resources',
    'other_resources',
  ],
  project_financials: [
    'cup',
    'as_of',
    'programmed',
    'admitted',
    'legally_committed',
    'paid',
    'certified',
  ],
  targets: [
    'target_id',
    'scope',
    'scope_id',
    'indicator_code',
    'due_date',
    'target_value',
    'unit',
    'kind',
    'baseline',
  ],
  indicator_reports: ['cup', 'indicator_code', 'as_of', 'value'],
  employers: ['employer_id', 'sector_code', 'comune_code', 'size_band', 'board_member'],
  job_seekers: [
    'person_id',
    'office_id',
    'registered_on',
    'birth_year',
    'gender',
    'citizenship',
    'comune_code',
    'education_isced',
    'disability',
    'target_groups',
    'status',
    'desired_occupation_code',
    'gol_path',
    'deregistered_on',
  ],
  events: [
    'event_id',
    'office_id',
    'kind',
    'date',
    'employers',
    'participants',
    'interviews',
    'hires_reported',
  ],
  services: [
    'service_id',
    'person_id',
    'office_id',
    'service_type',
    'start_date',
    'end_date',
    'outcome',
    'hours',
    'programme_code',
    'cup',
  ],
  vacancies: [
    'vacancy_id',
    'employer_id',
    'office_id',
    'published_on',
    'occupation_code',
    'positions',
    'sector_code',
    'comune_code',
    'contract_offered',
    'education_required_isced',
    'closed_on',
    'outcome',
    'filled_positions',
    'hard_to_fill_reason',
    'candidates_proposed',
    'candidates_declined',
  ],
  matches: ['match_id', 'vacancy_id', 'person_id', 'proposed_on', 'stage', 'event_id'],
  placements: PLACEMENT_COLUMNS,
};

export interface DemoOptions {
  /** 1 ≈ 50,000 job seekers; fractions allowed (tests use 0.02–0.05). */
  scale?: number;
  seed?: number;
  /** Folder for the CSV files (created; existing demo files are replaced). */
  dir: string;
}

export interface DemoFile {
  feed: FeedName;
  path: string;
  rows: number;
}

export interface DemoFiles {
  dir: string;
  scale: number;
  seed: number;
  files: DemoFile[];
}

export function checkScale(scale: number): void {
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100)
    throw new RangeError(`demo scale must be a number above 0 and at most 100 (got ${scale})`);
}

/** Writes the demo's CSV files, deterministically for a given seed and scale. */
export async function generateDemo(options: DemoOptions): Promise<DemoFiles> {
  const scale = options.scale ?? 1;
  const seed = options.seed ?? DEFAULT_SEED;
  checkScale(scale);
  if (!Number.isSafeInteger(seed))
    throw new RangeError(`demo seed must be an integer (got ${seed})`);
  mkdirSync(options.dir, { recursive: true });
  const files = new Map<FeedName, CsvFile>();
  for (const feed of DEMO_FEEDS) {
    const path = join(options.dir, `${feed}.csv`);
    rmSync(path, { force: true });
    files.set(feed, new CsvFile(path, COLUMNS[feed]!));
  }
  const f = (feed: FeedName): CsvFile => files.get(feed)!;
  const terrs = territories();

  for (const t of terrs)
    for (const o of t.offices)
      await f('offices').row([
        o.office_id,
        o.name,
        o.kind,
        o.comune_code,
        o.operator,
        o.opened_on,
        null,
      ]);
  for (const p of PROGRAMMES)
    await f('programmes').row([
      p.programme_code,
      p.name,
      p.fund,
      p.managing_authority,
      p.period_start,
      p.period_end,
    ]);
  for (const p of PROJECTS)
    await f('projects').row([
      p.cup,
      p.programme_code,
      p.title,
      p.beneficiary,
      p.local_code,
      p.city,
      p.priority,
      p.action,
      p.fund,
      p.start_date,
      p.end_date,
      p.programme_resources.toFixed(2),
      p.other_resources.toFixed(2),
    ]);
  for (const s of financialSnapshots(seed))
    await f('project_financials').row([
      s.cup,
      s.as_of,
      s.programmed,
      s.admitted,
      s.legally_committed,
      s.paid,
      s.certified,
    ]);
  const { targets, reports } = targetsAndReports(seed, scale);
  for (const t of targets)
    await f('targets').row([
      t.target_id,
      t.scope,
      t.scope_id,
      t.indicator_code,
      t.due_date,
      t.target_value,
      t.unit,
      t.kind,
      t.baseline,
    ]);
  for (const x of reports)
    await f('indicator_reports').row([x.cup, x.indicator_code, x.as_of, x.value]);

  const employers = await writeEmployers(seed, scale, terrs, f('employers'));
  const placements = new PlacementWriter(f('placements'), rngFor(seed, 'placements'));
  const people = await writePeople(
    seed,
    Math.max(100, Math.round(SEEKERS_PER_SCALE * scale)),
    terrs,
    employers,
    { seekers: f('job_seekers'), services: f('services') },
    placements,
  );
  await writeMarket(seed, scale, terrs, employers, people, placements, {
    events: f('events'),
    vacancies: f('vacancies'),
    matches: f('matches'),
  });

  const out: DemoFile[] = [];
  for (const feed of DEMO_FEEDS) {
    const file = f(feed);
    await file.close();
    out.push({ feed, path: file.path, rows: file.rows });
  }
  return { dir: options.dir, scale, seed, files: out };
}

export class DemoLoadError extends Error {
  readonly code = 'DEMO_LOAD_FAILED';
  constructor(readonly result: LoadResult) {
    super(
      `The demo file ${result.file} was ${result.status}: ${result.errors
        .map(
          (e) =>
            `${e.rule}${e.column ? ` (${e.column})` : ''}${e.row ? ` row ${e.row}` : ''}: ${e.message}`,
        )
        .slice(0, 3)
        .join('; ')}. This is a bug in the demo generator; please report it.`,
    );
  }
}

/**
 * Loads generated demo files through the single load path, in feed order. The
 * load date is the demo's reference date, so "not in the future" is checked
 * against it (planned dates are exempt by the contract).
 */
export async function loadDemo(
  wh: Warehouse,
  demo: DemoFiles,
  onFile?: (r: LoadResult) => void,
): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const file of demo.files) {
    const r = await loadFile(wh, file.path, {
      feed: file.feed,
      source: 'demo',
      today: REFERENCE_DATE,
    });
    onFile?.(r);
    if (r.status !== 'loaded' && r.status !== 'duplicate') throw new DemoLoadError(r);
    results.push(r);
  }
  return results;
}

export interface EnsureDemoOptions {
  scale?: number;
  seed?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** Generates and loads the demo when the warehouse holds no loaded data; returns whether it did. */
export async function ensureDemo(
  wh: Warehouse,
  paths: DataPaths,
  options: EnsureDemoOptions = {},
): Promise<{ loaded: boolean; results: LoadResult[] }> {
  if (!(await hasReferenceData(wh))) await loadReferenceData(wh);
  const already =
    (await wh.scalar<number>(`select count(*) from ops.loads where status = 'loaded'`)) ?? 0;
  if (already > 0) return { loaded: false, results: [] };
  const log = options.log ?? (() => undefined);
  const dir = join(paths.dataDir, 'demo');
  log(
    `Generating the demo (scale ${options.scale ?? 1}, seed ${options.seed ?? DEFAULT_SEED}) in ${dir}…`,
  );
  const demo = await generateDemo({ dir, scale: options.scale, seed: options.seed });
  const results = await loadDemo(wh, demo, (r) =>
    log(`  ${r.feed ?? r.file}: ${r.rows.toLocaleString('en-US')} rows ${r.status}`),
  );
  results.push(
    ...(await loadOfficialExcerpts(wh, paths, (r) =>
      log(`  ${r.file}: ${r.rows.toLocaleString('en-US')} official figures ${r.status}`),
    )),
  );
  return { loaded: true, results };
}
