// The registry of contract feeds, in load order: a feed comes after the feeds
// its references point to, so a directory of files loads cleanly in this order.
import type { FeedDefinition, FeedName } from './feedDefinition.ts';
import { offices } from './offices.ts';
import { programmes } from './programmes.ts';
import { projects } from './projects.ts';
import { projectFinancials } from './project_financials.ts';
import { targets } from './targets.ts';
import { indicatorReports } from './indicator_reports.ts';
import { employers } from './employers.ts';
import { jobSeekers } from './job_seekers.ts';
import { events } from './events.ts';
import { services } from './services.ts';
import { vacancies } from './vacancies.ts';
import { matches } from './matches.ts';
import { placements } from './placements.ts';
import { contextStats } from './context_stats.ts';
import { officialMeasures } from './official_measures.ts';
import { officialSeries } from './official_series.ts';
import { officialDatasets } from './official_datasets.ts';
import { projectPlaces } from './project_places.ts';
import { programmeAllocations } from './programme_allocations.ts';

export const FEEDS: readonly FeedDefinition[] = [
  offices,
  programmes,
  projects,
  projectFinancials,
  targets,
  indicatorReports,
  employers,
  jobSeekers,
  events,
  services,
  vacancies,
  matches,
  placements,
  contextStats,
  officialDatasets,
  officialMeasures,
  officialSeries,
  projectPlaces,
  programmeAllocations,
];

export const FEED_NAMES = FEEDS.map((f) => f.name);

export function getFeed(name: string): FeedDefinition | undefined {
  return FEEDS.find((f) => f.name === name);
}

export function feedOrThrow(name: FeedName | string): FeedDefinition {
  const feed = getFeed(name);
  if (!feed) throw new Error(`Unknown feed '${name}'. Known feeds: ${FEED_NAMES.join(', ')}.`);
  return feed;
}
