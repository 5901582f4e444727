// The models the marts are built from, in build order: helper models shared
// by several marts (warehouse/marts/intermediate/<name>.sql, temp tables of
// one refresh, never published) and the marts (warehouse/marts/<name>.sql).
// How each mart is refreshed is warehouse/marts/refresh.ts (in full),
// incremental.ts and plans.ts (after a load) and people.ts (person by person).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = dirname(fileURLToPath(import.meta.url));

/** Helper models shared by several marts; temp tables, never published. */
export const INTERMEDIATE = ['int_territory', 'int_occupation', 'int_sector', 'int_person'] as const;

/** The marts, in build order; each is warehouse/marts/<name>.sql. */
export const MARTS = [
  'vacancy_outcomes',
  'vacancy_closed_area',
  'vacancy_days_area',
  'available_seekers',
  'labour_tightness',
  'mismatch_cells',
  'mismatch_signals',
  'mismatch_signals_group',
  'context_stats',
  'service_funnel',
  'placement_rates',
  'placement_quality',
  'placement_quality_area',
  'placement_quality_profile',
  'placement_quality_comune',
  'placement_quality_work',
  'traineeship_conversion',
  'event_hires',
  'gol_takeup',
  'project_financial_history',
  'project_spend',
  'decommitment_risk',
  'target_progress',
] as const;

export type MartName = (typeof MARTS)[number];

export function martSql(name: string): string {
  const file = INTERMEDIATE.includes(name as (typeof INTERMEDIATE)[number])
    ? join(DIR, 'intermediate', `${name}.sql`)
    : join(DIR, `${name}.sql`);
  return readFileSync(file, 'utf8');
}
