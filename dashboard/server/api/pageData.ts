// What SvelteKit pages may read, bound per request to the server's services
// and the signed-in user. The data API router attaches it as `req.pageData`
// before the SvelteKit handler runs, so the SvelteKit bundle imports no
// warehouse code at all (only this type): one process, one warehouse, one
// query layer, and every KPI read goes through readKpi (G's authorization).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request } from 'express';
import { dimensionValues as kpiDimensionValues } from '../../../warehouse/kpi/dimensions.ts';
import { listKpis as registryKpis } from '../../../warehouse/kpi/registry.ts';
import type { DimensionValue, KpiDefinition, KpiRequest, KpiResult } from '../../../warehouse/kpi/types.ts';
import { PUBLIC_TABLES } from '../../../warehouse/opendata/tables.ts';
import { readPublishedTable } from '../../../warehouse/opendata/read.ts';
import type { AppServices } from '../services.ts';
import { readKpi, type Viewer } from './access.ts';

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
  readKpi(code: string, request?: KpiRequest): Promise<KpiResult>;
  listKpis(): KpiDefinition[];
  dimensionValues(dim: string): Promise<DimensionValue[]>;
  publicTables(): PublicTableView[];
  projectSnapshots(cup: string): Promise<Rows>;
  operations(): Promise<{ runs: Rows; loads: Rows; quarantine: { name: string; report: string | null }[] }>;
}

async function rowsOrEmpty(fn: () => Promise<Rows>): Promise<Rows> {
  try {
    return await fn();
  } catch {
    return []; // table not created yet (e.g. jobs never ran): the page says "nothing yet"
  }
}

export function pageDataFor(services: AppServices, user: Viewer): PageData {
  const wh = services.warehouse;
  return {
    user,
    async demo() {
      if (services.demo) return true;
      const n = await wh.scalar<number>(`select count(*) from ops.loads where source = 'demo'`).catch(() => 0);
      return Boolean(n);
    },
    readKpi: (code, request = {}) => readKpi(services, user, code, request),
    listKpis: () => registryKpis(),
    dimensionValues: (dim) => kpiDimensionValues(wh, dim as never),
    publicTables: () =>
      PUBLIC_TABLES.map((t) => {
        const published = readPublishedTable(services.paths.openData, t.id);
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
    // Stages per snapshot as loaded (no KPI arithmetic), with the stage-order
    // flag the loader warns about: a later stage may not exceed an earlier one.
    projectSnapshots: (cup) =>
      rowsOrEmpty(() =>
        wh.rows(
          `select f.as_of, f.programmed, f.admitted, f.legally_committed, f.paid, f.certified, l.file_name, l.warnings,
                  coalesce(f.admitted > f.programmed or f.legally_committed > f.admitted or f.paid > f.legally_committed or f.certified > f.paid, false) as order_flag
             from core.project_financials f left join ops.loads l using (load_id)
            where f.cup = $1 order by f.as_of`,
          [cup],
        ),
      ),
    async operations() {
      const runs = await rowsOrEmpty(() =>
        wh.rows(`select run_id, job, trigger, started_at, finished_at, status, rows, error from ops.job_runs order by run_id desc limit 30`),
      );
      const loads = await rowsOrEmpty(() =>
        wh.rows(`select load_id, file_name, feed, source, rows, status, started_at, warnings, error from ops.loads order by load_id desc limit 30`),
      );
      let quarantine: { name: string; report: string | null }[];
      try {
        const names = (await readdir(services.paths.quarantine)).filter((n) => !/\.report\.(json|txt)$/.test(n) && !n.startsWith('.')).slice(0, 50);
        quarantine = await Promise.all(
          names.map(async (name) => {
            let report: string | null = null;
            for (const cand of [`${name}.report.json`, `${name}.report.txt`]) {
              report ??= await readFile(join(services.paths.quarantine, cand), 'utf8').then((s) => s.slice(0, 4000)).catch(() => null);
            }
            return { name, report };
          }),
        );
      } catch {
        quarantine = [];
      }
      return { runs, loads, quarantine };
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
  if (req.services) req.pageData = pageDataFor(req.services, (req as Request & { user?: Viewer }).user);
  next();
}
