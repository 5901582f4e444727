// The data API: KPIs as Arrow IPC streams by default (JSON with
// ?format=json), the KPI list, dimension values and downloads of exactly the
// rows a request returns. Mounted by server/routes.ts behind the route guard;
// reads req.services and req.user set by the app before this router.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { ARROW_STREAM_MIME, piecesByteLength, type ArrowStreamPieces } from '../../warehouse/arrow.ts';
import { yieldToEventLoop } from '../../warehouse/db.ts';
import { dimensionValues, isDimensionName, listKpis, KpiRequestError } from '../../warehouse/kpi/index.ts';
import { AccessError } from '../../warehouse/access/errors.ts';
import type { AppServices } from '../services.ts';
import { readKpi, readKpiArrowStream, type Viewer } from './access.ts';
import { ApiParamError, parseKpiQuery } from '../../warehouse/kpi/queryString.ts';
import { resultToCsv, resultToParquet, resultToXlsx } from './export.ts';
import { downloadFileName, downloadMetadata, downloadTable, metadataToCsv, tableToCsv, type DimensionNames } from '../../warehouse/download.ts';
import { resolvePolicy } from '../../warehouse/disclosure/index.ts';
import type { CsvLang } from '../../warehouse/csv.ts';
import type { KpiResult, Text } from '../../warehouse/kpi/types.ts';
import { attachPageData } from './pageData.ts';
import { runtimeReport } from './runtime.ts';
import { officialSeriesCsv, officialSeriesJson } from './officialSeries.ts';
import { OfficialSeriesRequestError } from '../../warehouse/official/series.ts';

function services(req: Request): AppServices {
  if (!req.services) throw new Error('req.services is not set: mount the data API inside createApp.');
  return req.services;
}

function viewer(req: Request): Viewer {
  return (req as Request & { user?: Viewer }).user;
}

const DOWNLOAD_MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet',
} as const;

/** Writes a chunk; when the socket's buffer is full, waits until it drains (or the client leaves). */
async function writeWaitingForDrain(res: Response, chunk: string | Uint8Array): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * An Arrow IPC stream sent piece by piece as it was encoded, never joined
 * into one buffer here (a join of 13 MB held the event loop 45–65 ms).
 */
async function sendArrowPieces(res: Response, pieces: ArrowStreamPieces): Promise<void> {
  res.setHeader('Content-Type', ARROW_STREAM_MIME);
  res.setHeader('Content-Length', String(piecesByteLength(pieces)));
  for (const piece of pieces) {
    if (res.destroyed) return;
    await writeWaitingForDrain(res, piece);
  }
  res.end();
}

/** Rows per write when a JSON answer is streamed (a slice stringifies in a few ms). */
const JSON_ROWS_PER_WRITE = 2000;

/**
 * res.json for answers that may be large: the same JSON document, written
 * a slice of rows at a time with the event loop free in between (one
 * JSON.stringify of 40,000 rows held it for 40–90 ms on the reference box),
 * waiting for the socket to drain when the client reads slowly.
 */
async function sendJsonYielding(res: Response, body: { rows: unknown[] } & Record<string, unknown>): Promise<void> {
  if (body.rows.length <= JSON_ROWS_PER_WRITE) {
    res.json(body);
    return;
  }
  const { rows, ...head } = body;
  const write = (chunk: string) => writeWaitingForDrain(res, chunk);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  const headJson = JSON.stringify(head);
  await write(`${headJson.slice(0, -1)}${headJson.length > 2 ? ',' : ''}"rows":[`);
  for (let i = 0; i < rows.length && !res.destroyed; i += JSON_ROWS_PER_WRITE) {
    await write((i ? ',' : '') + JSON.stringify(rows.slice(i, i + JSON_ROWS_PER_WRITE)).slice(1, -1));
    await yieldToEventLoop();
  }
  res.end(']}');
}

/** The page language a download is asked in, if any; anything else than it/en is refused. */
function downloadLang(v: unknown): CsvLang | null {
  if (v === undefined) return null;
  if (v === 'it' || v === 'en') return v;
  throw new ApiParamError('INVALID_LANG', `Parameter 'lang' must be it or en (the page's language), not '${String(v).slice(0, 20)}'.`);
}

/** The names of the values a download shows or filters by (dimensions with a reference list). */
async function downloadNames(svc: AppServices, result: KpiResult): Promise<DimensionNames> {
  const dims = new Set<string>([...result.request.dims, ...Object.keys(result.request.filters)]);
  const names: DimensionNames = {};
  for (const dim of dims) {
    if (!isDimensionName(dim)) continue;
    const values = await dimensionValues(svc.warehouse, dim);
    names[dim] = new Map<string, Text>(values.filter((v) => v.label.it !== v.value || v.label.en !== v.value).map((v) => [v.value, v.label]));
  }
  return names;
}

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap = (h: Handler) => (req: Request, res: Response, next: NextFunction) => h(req, res).catch(next);

export function createDataApi(): Router {
  const router = Router();

  router.get(
    '/kpis',
    wrap(async (_req, res) => {
      res.json(
        listKpis().map((d) => ({
          code: d.code,
          family: d.family,
          name: d.name,
          description: d.description,
          unit: d.unit,
          higherIsBetter: d.higherIsBetter ?? null,
          dimensions: d.dimensions,
          measures: d.measures.map((m) => ({ name: m.name, unit: m.unit, label: m.label })),
          value: d.value,
        })),
      );
    }),
  );

  router.get(
    '/dimensions/:dim',
    wrap(async (req, res) => {
      const dim = String(req.params.dim);
      if (!isDimensionName(dim))
        throw new KpiRequestError('UNKNOWN_DIMENSION', `Unknown dimension '${dim}'. See /api/kpis for each KPI's dimensions.`);
      res.json(await dimensionValues(services(req).warehouse, dim));
    }),
  );

  router.get(
    /^\/kpi\/([A-Za-z0-9_]+)\.(csv|xlsx|parquet|metadata\.csv)$/,
    wrap(async (req, res) => {
      const params = req.params as unknown as Record<string, string>;
      const code = params[0];
      const format = params[1] as keyof typeof DOWNLOAD_MIME | 'metadata.csv';
      // `lang` asks for the page's table (see ./download.ts); without it the machine format.
      const { lang: langParam, ...query } = req.query as Record<string, unknown>;
      const lang = downloadLang(langParam);
      if (format === 'metadata.csv' && !lang)
        throw new ApiParamError('LANG_REQUIRED', "The metadata sidecar is written in a page's language: add lang=it or lang=en.");
      const svc = services(req);
      const result = await readKpi(svc, viewer(req), code, parseKpiQuery(query), 'download');
      const names = lang ? await downloadNames(svc, result) : {};
      const ext = format === 'metadata.csv' ? 'csv' : format;
      const fileName = lang ? downloadFileName(result, lang, names, ext) : `${code}.${ext}`;
      const metadata = () => downloadMetadata(result, { lang: lang!, names, fileName: downloadFileName(result, lang!, names, 'csv'), threshold: resolvePolicy().threshold });
      let body: Buffer;
      if (format === 'metadata.csv') body = Buffer.from(metadataToCsv(metadata(), lang!), 'utf8');
      else if (format === 'csv') body = Buffer.from(lang ? tableToCsv(downloadTable(result, lang, names), lang) : resultToCsv(result), 'utf8');
      else if (format === 'xlsx') body = await resultToXlsx(result, lang ? { table: downloadTable(result, lang, names), metadata: metadata(), lang } : undefined);
      else body = await resultToParquet(svc.warehouse, result);
      res.setHeader('Content-Type', DOWNLOAD_MIME[format === 'metadata.csv' ? 'csv' : format]);
      res.setHeader('Content-Disposition', `attachment; filename="${format === 'metadata.csv' ? fileName.replace(/\.csv$/, lang === 'it' ? '-metadati.csv' : '-metadata.csv') : fileName}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.end(body);
    }),
  );

  router.get(
    '/kpi/:code',
    wrap(async (req, res) => {
      const code = String(req.params.code);
      const request = parseKpiQuery(req.query);
      const format = req.query.format;
      const svc = services(req);
      res.setHeader('Cache-Control', 'no-store');
      if (format === 'json') {
        const r = await readKpi(svc, viewer(req), code, request);
        await sendJsonYielding(res, { code: r.code, request: r.request, columns: r.columns, rows: r.rows, asOf: r.asOf, martVersion: r.martVersion, notes: r.notes });
        return;
      }
      if (format !== undefined && format !== 'arrow')
        throw new ApiParamError('INVALID_FORMAT', `Unknown format '${String(format)}': use arrow (default) or json, or the .csv/.xlsx/.parquet download.`);
      await sendArrowPieces(res, await readKpiArrowStream(svc, viewer(req), code, request));
    }),
  );

  // Official statistical series as published, with each figure's source, publication and flags.
  router.get('/official/series', wrap(async (req, res) => officialSeriesJson(services(req).warehouse, req, res)));
  router.get('/official/series.csv', wrap(async (req, res) => officialSeriesCsv(services(req).warehouse, req, res)));

  // Event loop, memory and cache of this process (admin; read by npm run bench).
  router.get('/ops/runtime', wrap(runtimeReport));

  // Errors of this router as JSON with a stable code; anything else goes to the app's handler.
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (
      err instanceof KpiRequestError ||
      err instanceof ApiParamError ||
      err instanceof AccessError ||
      err instanceof OfficialSeriesRequestError
    ) {
      res.status(err.status).json({ error: { code: err.code, message: err.message } });
      return;
    }
    next(err);
  });

  return router;
}

/**
 * What server/routes.ts mounts: the data API at /api, and for every other
 * request the per-request page data the SvelteKit pages read.
 */
export function createApiRouter(): Router {
  const outer = Router();
  outer.use('/api', createDataApi());
  outer.use(attachPageData);
  return outer;
}
