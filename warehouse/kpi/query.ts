// The one query layer: every consumer (pages, API, exports, CLI, tests) asks
// for a KPI here. A request is checked against the registry's allow-list
// before any SQL exists; identifiers come only from the registry (through
// sqlIdent), values are always bound parameters.
import type { Table as ArrowTable } from 'apache-arrow';
import type { Row, Session } from '../db.ts';
import { sqlIdent } from '../sql.ts';
import { latestRefresh } from '../marts/refresh.ts';
import { DIMENSIONS, dimensionOrThrow } from './dimensions.ts';
import { printableEcho } from './printableEcho.ts';
import { kpiOrThrow } from './registry.ts';
import {
  KpiRequestError,
  MartsNotBuiltError,
  type DimensionName,
  type KpiColumn,
  type KpiDefinition,
  type KpiRequest,
  type KpiRollup,
  type KpiResult,
  type NormalisedRequest,
  type Text,
} from './types.ts';

export const DEFAULT_THRESHOLDS = { onTrack: 0.95, atRisk: 0.8 } as const;
const MAX_DIMS = 4;
const MAX_FILTER_VALUES = 200;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Checks a request against the KPI's allow-list; throws KpiRequestError, never touches the database. */
export function normaliseRequest(def: KpiDefinition, request: KpiRequest = {}): NormalisedRequest {
  if (request === null || typeof request !== 'object') throw new KpiRequestError('INVALID_FILTER_VALUE', 'The request must be an object.');
  const allowed = (name: string): DimensionName => {
    const spec = dimensionOrThrow(name);
    if (!def.dimensions.includes(spec.name))
      throw new KpiRequestError(
        'DIMENSION_NOT_ALLOWED',
        `${def.code} cannot be cut by '${spec.name}'. Allowed: ${def.dimensions.join(', ') || '(none)'}.`,
      );
    return spec.name;
  };
  const rawDims = request.dims ?? def.defaultDims ?? [];
  if (!Array.isArray(rawDims)) throw new KpiRequestError('UNKNOWN_DIMENSION', 'dims must be a list of dimension names.');
  const dims = [...new Set(rawDims.map((d) => allowed(String(d))))];
  if (dims.length > MAX_DIMS) throw new KpiRequestError('TOO_MANY_DIMENSIONS', `At most ${MAX_DIMS} dimensions at once.`);

  const filters: Partial<Record<DimensionName, string[]>> = {};
  for (const [name, raw] of Object.entries(request.filters ?? {})) {
    const dim = allowed(name);
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === 'number' ? String(v) : v));
    if (values.length === 0 || values.length > MAX_FILTER_VALUES)
      throw new KpiRequestError('INVALID_FILTER_VALUE', `Filter '${dim}' needs 1–${MAX_FILTER_VALUES} values.`);
    for (const v of values) {
      if (typeof v !== 'string' || !DIMENSIONS[dim].pattern.test(v))
        throw new KpiRequestError(
          'INVALID_FILTER_VALUE',
          `'${printableEcho(String(v))}' is not a valid value for '${dim}' (see dimensionValues / 'osservatorio kpi --list').`,
        );
    }
    filters[dim] = [...new Set(values as string[])];
  }

  for (const key of ['from', 'to'] as const) {
    const v = request[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !PERIOD.test(v))
      throw new KpiRequestError('INVALID_PERIOD', `--${key} must be a month as YYYY-MM, got '${printableEcho(String(v))}'.`);
    if (!def.columns.month)
      throw new KpiRequestError('PERIOD_NOT_SUPPORTED', `${def.code} has no monthly time reference; drop --from/--to.`);
  }
  if (request.from && request.to && request.from > request.to)
    throw new KpiRequestError('INVALID_PERIOD', `--from ${request.from} is after --to ${request.to}.`);

  let thresholds: NormalisedRequest['thresholds'];
  if (def.code === 'SP_TGT') {
    const t = { ...DEFAULT_THRESHOLDS, ...(request.thresholds ?? {}) };
    const ok = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0 && x <= 2;
    if (!ok(t.onTrack) || !ok(t.atRisk) || t.atRisk > t.onTrack)
      throw new KpiRequestError('INVALID_THRESHOLDS', 'Thresholds must be numbers with 0 < atRisk ≤ onTrack ≤ 2 (e.g. 0.95 and 0.80).');
    thresholds = { onTrack: t.onTrack, atRisk: t.atRisk };
  } else if (request.thresholds !== undefined) {
    throw new KpiRequestError('INVALID_THRESHOLDS', `${def.code} takes no thresholds (only SP_TGT does).`);
  }
  return { dims, filters, from: request.from, to: request.to, thresholds };
}

/** The rollup a request is answered from: the first one holding every dimension it uses, if any. */
export function rollupFor(def: KpiDefinition, req: NormalisedRequest): KpiRollup | undefined {
  const used = new Set<DimensionName>([...req.dims, ...(Object.keys(req.filters) as DimensionName[])]);
  if (req.from || req.to) used.add('month');
  return def.rollups?.find((r) => [...used].every((d) => r.dimensions.includes(d)));
}

/** The mart a request is answered from: its rollup's (rollupFor), else the KPI's mart. */
export function martFor(def: KpiDefinition, req: NormalisedRequest): string {
  return rollupFor(def, req)?.mart ?? def.mart;
}

/** Builds the SQL and its bound parameters for a normalised request. */
export function buildKpiSql(def: KpiDefinition, req: NormalisedRequest): { sql: string; params: Record<string, string | number> } {
  const col = (dim: DimensionName): string => sqlIdent(def.columns[dim]!);
  const params: Record<string, string | number> = {};
  const where: string[] = def.where ? [`(${def.where})`] : [];
  let i = 0;
  for (const [dim, values] of Object.entries(req.filters) as [DimensionName, string[]][]) {
    const names = values.map((v) => {
      const p = `f${i++}`;
      params[p] = v;
      return `$${p}`;
    });
    where.push(`${col(dim)} in (${names.join(', ')})`);
  }
  if (req.from) {
    params.from = req.from;
    where.push(`${col('month')} >= $from`);
  }
  if (req.to) {
    params.to = req.to;
    where.push(`${col('month')} <= $to`);
  }
  const rollup = rollupFor(def, req);
  let measures = def.measures.map((m) => `${rollup?.measures?.[m.name] ?? m.sql} as ${sqlIdent(m.name)}`);
  if (req.thresholds) {
    params.on_track = req.thresholds.onTrack;
    params.at_risk = req.thresholds.atRisk;
    measures = measures.map((m) => m.replaceAll(':on_track', '$on_track').replaceAll(':at_risk', '$at_risk'));
  }
  const dimSelect = req.dims.map((d) => `${col(d)} as ${sqlIdent(d)}`);
  let source = `mart.${sqlIdent(rollup?.mart ?? def.mart)}` + (where.length ? ` where ${where.join(' and ')}` : '');
  if (rollup?.histogram && !rollup.histogram.cell.every((d) => req.dims.includes(d))) {
    // A histogram keeps a row per province and month for each value: summed
    // first to one row per requested group and value (same column names), the
    // measures walk a few hundred values per group instead of every row.
    const { values, count } = rollup.histogram;
    const keys = [...new Set([...req.dims.map(col), ...values.map(sqlIdent)])];
    source = `(select ${keys.join(', ')}, sum(${sqlIdent(count)})::BIGINT as ${sqlIdent(count)} from ${source} group by all) as histogram`;
  }
  const sql =
    `select ${[...dimSelect, ...measures].join(', ')} from ${source}` +
    (req.dims.length ? ` group by all order by ${req.dims.map((_, k) => String(k + 1)).join(', ')}` : '');
  return { sql, params };
}

function columnsOf(def: KpiDefinition, req: NormalisedRequest): KpiColumn[] {
  return [
    ...req.dims.map((d): KpiColumn => ({ name: d, type: 'dimension', unit: 'text', label: DIMENSIONS[d].label })),
    ...def.measures.map((m): KpiColumn => ({ name: m.name, type: 'measure', unit: m.unit, label: m.label, isCount: m.isCount })),
  ];
}

async function prepare(db: Session, code: string, request: KpiRequest | undefined) {
  const def = kpiOrThrow(code);
  const req = normaliseRequest(def, request);
  const refresh = await latestRefresh(db);
  if (!refresh) throw new MartsNotBuiltError();
  return { def, req, refresh, ...buildKpiSql(def, req) };
}

function notesOf(def: KpiDefinition, asOf: string): Text[] {
  const notes: Text[] = [
    { it: `Dati aggiornati al ${asOf.split('-').reverse().join('/')}.`, en: `Data as of ${asOf}.` },
  ];
  if (def.context)
    notes.push({ it: 'Dati di contesto ISTAT/Eurostat, non prodotti dall’osservatorio.', en: 'Context figures from ISTAT/Eurostat, not the observatory’s own.' });
  if (def.methodology.censoring.en && !/^none/i.test(def.methodology.censoring.en)) notes.push(def.methodology.censoring);
  return notes;
}

/** A KPI as rows (JSON-safe values). */
export async function queryKpi(db: Session, code: string, request?: KpiRequest): Promise<KpiResult> {
  const { def, req, refresh, sql, params } = await prepare(db, code, request);
  // Chunked conversion: a large answer (e.g. comune × month) does not hold the event loop.
  const rows: Row[] = await db.rowsYielding(sql, params);
  return {
    code: def.code,
    definition: def,
    request: req,
    columns: columnsOf(def, req),
    rows,
    martVersion: refresh.version,
    asOf: refresh.asOf,
    notes: notesOf(def, refresh.asOf),
    ...(req.thresholds ? { thresholds: req.thresholds } : {}),
  };
}

/** The same rows as queryKpi, as an Arrow table (for the data API's Arrow IPC answers). */
export async function queryKpiArrow(db: Session, code: string, request?: KpiRequest): Promise<ArrowTable> {
  const { sql, params } = await prepare(db, code, request);
  return db.arrowYielding(sql, params);
}
