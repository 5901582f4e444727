// GET /api/official/series (JSON) and /api/official/series.csv: the official
// series as published, filtered by dataset, measure, territory and period
// range; the CSV holds exactly the rows the JSON answer returns. Query:
// `dataset=…&measure=a,b&territory=17,IT&from=2024-Q3&to=2025-Q3`.
import type { Request, Response } from 'express';
import type { Warehouse } from '../../warehouse/db.ts';
import { toCsvText } from '../../warehouse/csv.ts';
import {
  OFFICIAL_FIGURE_COLUMNS,
  OfficialSeriesRequestError,
  readOfficialSeries,
  type OfficialSeriesFilter,
} from '../../warehouse/official/series.ts';

const COLUMNS = OFFICIAL_FIGURE_COLUMNS;

function one(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new OfficialSeriesRequestError(`'${name}' must be given once`);
  return v;
}

function list(req: Request, name: string): string[] | undefined {
  return one(req, name)
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

function filterOf(req: Request): OfficialSeriesFilter {
  const known = new Set(['dataset', 'measure', 'territory', 'from', 'to']);
  for (const k of Object.keys(req.query))
    if (!known.has(k))
      throw new OfficialSeriesRequestError(
        `unknown parameter '${k}': use ${[...known].join(', ')}`,
      );
  return {
    dataset: one(req, 'dataset'),
    measures: list(req, 'measure'),
    territoryCodes: list(req, 'territory'),
    from: one(req, 'from'),
    to: one(req, 'to'),
  };
}

export async function officialSeriesJson(
  wh: Warehouse,
  req: Request,
  res: Response,
): Promise<void> {
  const rows = await readOfficialSeries(wh, filterOf(req));
  res.setHeader('Cache-Control', 'no-store');
  res.json({ columns: COLUMNS, rows });
}

export async function officialSeriesCsv(wh: Warehouse, req: Request, res: Response): Promise<void> {
  const rows = await readOfficialSeries(wh, filterOf(req));
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', 'attachment; filename="official_series.csv"');
  res.setHeader('Cache-Control', 'no-store');
  res.end(toCsvText([COLUMNS, ...rows.map((r) => COLUMNS.map((c) => r[c]))]));
}
