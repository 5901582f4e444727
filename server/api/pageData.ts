// What SvelteKit pages may read, bound per request to the server's services
// and the signed-in user. The data API router attaches it as `req.pageData`
// before the SvelteKit handler runs, so pages reach the warehouse only through
// this object: one process, one warehouse, one query layer, and every KPI read
// goes through readKpi (the authorization layer of warehouse/access). The
// queries themselves are named functions of the warehouse (and the quarantine
// listing of ingest); this file only binds them to the request.
//
// The boundary of the SvelteKit app (dashboard/src), checked by
// tests/architecture/dashboard-boundary.test.ts: it never opens DuckDB and
// imports no server-side code. From outside dashboard/ it imports only types
// (`import type`, erased from the bundle; this file's PageData among them)
// and values from a short allow-list of pure modules (the KPI dimension
// vocabulary, the KPI query string, the open-data column descriptions), none
// of which imports DuckDB or a node: module, directly or indirectly.
import type { Request } from 'express';
import { dimensionValues as kpiDimensionValues } from '../../warehouse/kpi/dimensions.ts';
import { kpiTargets, type KpiTarget } from '../../warehouse/kpi/targets.ts';
import { territoryTree, type TerritoryTree } from '../../warehouse/kpi/territories.ts';
import { kpiOrThrow, listKpis as registryKpis } from '../../warehouse/kpi/registry.ts';
import type { DimensionValue, KpiDefinition, KpiRequest, KpiResult } from '../../warehouse/kpi/types.ts';
import { PUBLIC_TABLES } from '../../warehouse/opendata/tables.ts';
import { readPublishedTable } from '../../warehouse/opendata/read.ts';
import { checkReleaseChoice, releaseViews, type ReleaseChoice, type ReleaseView } from '../../warehouse/opendata/releaseViews.ts';
import type { AppServices } from '../services.ts';
import type { Session } from '../../warehouse/db.ts';
import { authorizedQuery } from '../../warehouse/access/index.ts';
import { resolvePolicy } from '../../warehouse/disclosure/index.ts';
import { projectFinancialHistory } from '../../warehouse/programmes/projectHistory.ts';
import { projectFacts } from '../../warehouse/programmes/projectFacts.ts';
import { programmeFacts } from '../../warehouse/programmes/programmeFacts.ts';
import { projectPlaces } from '../../warehouse/programmes/projectPlaces.ts';
import { holdsDemoLoads, recentLoads } from '../../warehouse/operations/loads.ts';
import { recentJobRuns } from '../../warehouse/operations/jobRuns.ts';
import { listDeliveries, listSubscriptions, nextAt } from '../../reports/subscriptions.ts';
import { outboxDir } from '../../reports/mail.ts';
import { reportSpec } from '../../reports/request.ts';
import { listQuarantine } from '../../ingest/quarantine.ts';
import { alertsOverview, type AlertsOverview } from '../../warehouse/alerts/overview.ts';
import { codeNames, type NamesOfCodes } from '../../warehouse/reference/codeNames.ts';
import { officialContext, type OfficialContext } from '../../warehouse/official/context.ts';
import { officeNetwork, type NetworkOffice } from '../../warehouse/kpi/officeNetwork.ts';
import { contextStatistics, type ContextStatistic } from '../../warehouse/official/contextStatistics.ts';
import { republishedDatasets, type RepublishedDataset } from '../../warehouse/official/datasets.ts';
import { readKpi, type Viewer } from './access.ts';
import { latestRefresh } from '../../warehouse/marts/refresh.ts';
import type { RouteAccess } from '../auth/routeAccess.ts';

type Rows = Record<string, unknown>[];

export interface PublicTableView {
  id: string;
  title: { it: string; en: string };
  description: { it: string; en: string };
  measures: { name: string; description: { it: string; en: string } }[];
  published: boolean;
  columns: string[];
  preview: Rows;
  rowCount: number;
}

export interface PageData {
  demo(): Promise<boolean>;
  user: Viewer;
  /** Where this user's work is: the page the dashboard opens on (server/auth/landing.ts). */
  landing: string;
  /** The pathnames of `paths` this user may open, by the route table the guard applies (none without a guard). */
  openable(paths: readonly string[]): Promise<string[]>;
  readKpi(code: string, request?: KpiRequest): Promise<KpiResult>;
  /** The data as-of date of the current marts (every KPI's), null before the first refresh. */
  martsAsOf(): Promise<string | null>;
  listKpis(): KpiDefinition[];
  dimensionValues(dim: string): Promise<DimensionValue[]>;
  /**
   * The names of `codes` of dimension `dim` from the reference tables (territories,
   * occupations, sectors, code lists, FSE+ indicators; KPI codes by their
   * registry name), so pages show names, not codes. Codes without a name are left out.
   */
  codeNames(dim: string, codes: readonly string[]): Promise<NamesOfCodes>;
  /** Region → province → comune and offices for the territory picker (reference data, not a KPI). */
  territories(province?: string | null, comune?: string | null): Promise<TerritoryTree>;
  /** Targets set on KPI codes, per territory or programme (the overview compares each KPI with its target). */
  kpiTargets(): Promise<KpiTarget[]>;
  /** The public tables of the latest release, or of release `release` (a number checked by openDataRelease). */
  publicTables(release?: number | null): PublicTableView[];
  /** Every published open-data release, newest first. */
  openDataReleases(): ReleaseView[];
  /** Checks the open-data page's `release` parameter (null: absent, the latest). */
  openDataRelease(value: string | null): ReleaseChoice;
  /** Every financial snapshot of a project (mart.project_financial_history) with the load that wrote it; authorized like SP_STAGE. */
  projectHistory(cup: string): Promise<Rows>;
  /** The project's registry facts (title, beneficiary, programme, planned dates); authorized like SP_STAGE. */
  projectInfo(cup: string): Promise<Rows>;
  /** The programme's registry facts (name, fund, period, managing authority); authorized like SP_STAGE. */
  programmeInfo(code: string): Promise<Rows>;
  /** Each project × office that delivered its services, with the office's comune, province and region; authorized like SP_STAGE. */
  projectPlaces(): Promise<Rows>;
  /** The official series of one territory (COB quarters with the year earlier, GOL stocks at the latest date), with their sources; public figures. */
  officialContext(territoryCode: string): Promise<OfficialContext>;
  /** The ISTAT/Eurostat context statistics of a region (cod_regione) and its provinces, each series at its latest period beside a year earlier; public figures. */
  contextStatistics(region: string): Promise<ContextStatistic[]>;
  /** The agency's offices in a region (cod_regione), with kind, comune and province by name; no figures, no people. */
  officeNetwork(region: string): Promise<NetworkOffice[]>;
  /** The official publications offered for reuse on the open-data page, with licence, attribution and coverage; public. */
  republishedOfficial(): Promise<RepublishedDataset[]>;
  operations(): Promise<{ runs: Rows; loads: Rows; quarantine: { name: string; report: string | null }[]; reports: ReportsOverview }>;
  /** The alert rules and events this user may see, in words (an admin sees everyone's; others their own). */
  alerts(lang: 'it' | 'en'): Promise<AlertsPage>;
}

export interface AlertsPage extends AlertsOverview {
  /** Every user's rules (admin) or the viewer's own. */
  everyone: boolean;
  delivery: 'smtp' | 'folder';
  /** Where alerts are saved without SMTP (or without an address). */
  outbox: string;
}

/** The report subscriptions on the operations page: no e-mail address, only whether there is one. */
export interface ReportsOverview {
  delivery: 'smtp' | 'folder';
  /** Where reports are saved without SMTP. */
  outbox: string;
  subscriptions: { id: number; username: string; report: string; schedule: string; byEmail: boolean; nextAt: string; lastStatus: string | null; lastAt: string | null }[];
}

async function rowsOrEmpty(fn: () => Promise<Rows>): Promise<Rows> {
  try {
    return await fn();
  } catch {
    return []; // table not created yet (e.g. jobs never ran): the page says "nothing yet"
  }
}

/** Registry-level rows about projects/programmes, read under SP_STAGE's authorization (scope, audit). */
function authorizedRows(
  services: AppServices,
  user: Viewer,
  filters: Record<string, string[]>,
  read: (db: Session) => Promise<Rows>,
): Promise<Rows> {
  return authorizedQuery(services.warehouse, user, 'SP_STAGE', { filters }, (db) => read(db), {
    policy: resolvePolicy(),
    kpiDimensions: kpiOrThrow('SP_STAGE').dimensions,
    countColumns: [],
  });
}

async function reportsOverview(services: AppServices): Promise<ReportsOverview> {
  const wh = services.warehouse;
  const subs = await listSubscriptions(wh).catch(() => []);
  const last = new Map<number, { status: string; delivered_at: string }>();
  for (const d of await listDeliveries(wh, { limit: 500 }).catch(() => [])) if (!last.has(d.subscription_id)) last.set(Number(d.subscription_id), d);
  return {
    delivery: services.reports?.delivery ?? 'folder',
    outbox: outboxDir(services.paths.dataDir),
    subscriptions: subs.map((s) => ({
      id: s.id,
      username: s.username,
      report: reportSpec(s.report),
      schedule: s.schedule,
      byEmail: Boolean(s.email),
      nextAt: nextAt(s.schedule, new Date()).toISOString(),
      lastStatus: last.get(s.id)?.status ?? null,
      lastAt: last.get(s.id)?.delivered_at ?? null,
    })),
  };
}

export function pageDataFor(services: AppServices, user: Viewer, routes?: RouteAccess): PageData {
  const wh = services.warehouse;
  return {
    user,
    landing: routes?.landing ?? '/open-data',
    openable: async (paths) => (routes ? routes.openable(paths) : []),
    async demo() {
      if (services.demo) return true;
      return holdsDemoLoads(wh).catch(() => false);
    },
    readKpi: (code, request = {}) => readKpi(services, user, code, request),
    martsAsOf: async () => (await latestRefresh(wh))?.asOf ?? null,
    listKpis: () => registryKpis(),
    dimensionValues: (dim) => kpiDimensionValues(wh, dim as never),
    async codeNames(dim, codes) {
      const names = await codeNames(wh, dim, codes);
      if (dim === 'indicator')
        for (const d of registryKpis()) if (codes.includes(d.code) && !names[d.code]) names[d.code] = d.name;
      return names;
    },
    territories: (province, comune) => territoryTree(wh, province, comune),
    kpiTargets: () => kpiTargets(wh),
    openDataReleases: () => releaseViews(services.paths.openData),
    openDataRelease: (value) => checkReleaseChoice(value, services.paths.openData),
    publicTables: (release = null) =>
      PUBLIC_TABLES.map((t) => {
        const published = readPublishedTable(services.paths.openData, t.id, release);
        return {
          id: t.id,
          title: t.title,
          description: t.description,
          measures: t.measures.map((m) => ({ name: m.name, description: m.description })),
          published: Boolean(published),
          columns: published?.columns ?? [],
          preview: (published?.rows ?? []).slice(0, 10) as Rows,
          rowCount: published?.rows.length ?? 0,
        };
      }),
    // Project and programme facts and snapshot history are not KPIs, but they
    // are read through the same authorization as SP_STAGE: a funder gets 403
    // outside their scope, rows are checked one by one, and denials are
    // audited. No count of people is returned (countColumns: []).
    projectHistory: (cup) => authorizedRows(services, user, { project: [cup] }, (db) => projectFinancialHistory(db, cup)),
    projectInfo: (cup) => authorizedRows(services, user, { project: [cup] }, (db) => projectFacts(db, cup)),
    programmeInfo: (code) => authorizedRows(services, user, { programme: [code] }, (db) => programmeFacts(db, code)),
    projectPlaces: () => authorizedRows(services, user, {}, (db) => projectPlaces(db)),
    officialContext: (territoryCode) => officialContext(wh, territoryCode),
    contextStatistics: (region) => contextStatistics(wh, region),
    officeNetwork: (region) => officeNetwork(wh, region),
    republishedOfficial: () => republishedDatasets(wh),
    async operations() {
      const runs = await rowsOrEmpty(() => recentJobRuns(wh, 30));
      const loads = await rowsOrEmpty(() => recentLoads(wh, 30));
      return { runs, loads, quarantine: await listQuarantine(services.paths.quarantine), reports: await reportsOverview(services) };
    },
    async alerts(lang) {
      // The route table lets only signed-in roles here; without a user there is nothing of theirs to show.
      const everyone = user?.role === 'admin';
      const overview = user?.username
        ? await alertsOverview(wh, { username: everyone ? undefined : user.username, lang })
        : { rules: [], events: [] };
      return { ...overview, everyone, delivery: services.reports?.delivery ?? 'folder', outbox: outboxDir(services.paths.dataDir) };
    },
  };
}

declare module 'http' {
  interface IncomingMessage {
    pageData?: PageData;
  }
}

/** Express middleware: attach pageData for the SvelteKit handler that follows. */
export function attachPageData(req: Request, _res: unknown, next: () => void): void {
  if (req.services) req.pageData = pageDataFor(req.services, (req as Request & { user?: Viewer }).user, req.routeAccess);
  next();
}
