// Chart and table data in the browser: the data API answers an Apache Arrow
// IPC stream (application/vnd.apache.arrow.stream); this decodes it into the
// same KpiView the server renders from. Nothing is computed here: rows are
// the query layer's rows, only converted to plain JSON-like values.
import type { Table } from 'apache-arrow';
import type { Text } from '../../../../warehouse/kpi/types.ts';
import type { KpiView, ViewColumn } from '../types.ts';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/** What the registry says about a KPI, enough to label and format its columns. */
export interface KpiMeta {
  code: string;
  name: Text;
  unit: string;
  value: string;
  higherIsBetter: boolean | null;
  measures: { name: string; unit: string | null; label: Text }[];
}

/** A cell as the JSON API would give it: bigint → number, dates → ISO text, Arrow values → plain. */
export function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v !== null && typeof v === 'object' && 'toJSON' in v && typeof (v as { toJSON: unknown }).toJSON === 'function')
    return (v as { toJSON(): unknown }).toJSON();
  return v;
}

/** The rows of an Arrow table as plain objects, in the table's column order. */
export function arrowRows(table: Table): Record<string, unknown>[] {
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((n) => table.getChild(n));
  const rows: Record<string, unknown>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const r: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) r[names[j]] = plainValue(cols[j]?.get(i) ?? null);
    rows[i] = r;
  }
  return rows;
}

/**
 * A KpiView from an Arrow stream: columns in the stream's order, measures
 * labelled from the registry, every other column a dimension labelled from
 * `dimLabels`. apache-arrow is imported here on first use, so pages that
 * never ask for Arrow do not load it.
 */
export async function kpiViewFromArrow(bytes: Uint8Array, meta: KpiMeta, dimLabels: Record<string, Text>): Promise<KpiView> {
  const { tableFromIPC } = await import('apache-arrow');
  const table = tableFromIPC(bytes);
  const measures = new Map(meta.measures.map((m) => [m.name, m]));
  const columns: ViewColumn[] = table.schema.fields.map((f) => {
    const m = measures.get(f.name);
    return m
      ? { name: f.name, type: 'measure', unit: m.unit, label: m.label }
      : { name: f.name, type: 'dimension', unit: 'text', label: dimLabels[f.name] ?? { it: f.name, en: f.name } };
  });
  return {
    code: meta.code,
    name: meta.name,
    unit: meta.unit,
    value: meta.value,
    higherIsBetter: meta.higherIsBetter,
    dims: columns.filter((c) => c.type === 'dimension').map((c) => c.name),
    columns,
    rows: arrowRows(table),
    asOf: null,
    error: null,
  };
}

/** A view that only carries an error (what the data API answered instead of rows). */
export function errorView(meta: KpiMeta, error: { code: string; message: string; status: number }): KpiView {
  return { ...meta, dims: [], columns: [], rows: [], asOf: null, error };
}

/**
 * Asks the data API for a KPI as Arrow and decodes it. Failures come back as
 * an error view with the API's stable code (or NETWORK_ERROR), never thrown.
 */
export async function fetchKpiView(
  code: string,
  query: string,
  meta: KpiMeta,
  dimLabels: Record<string, Text>,
  init: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<KpiView> {
  const get = init.fetch ?? fetch;
  let res: Response;
  try {
    res = await get(`/api/kpi/${encodeURIComponent(code)}${query ? `?${query}` : ''}`, {
      headers: { accept: ARROW_STREAM },
      signal: init.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    return errorView(meta, { code: 'NETWORK_ERROR', message: (e as Error).message, status: 0 });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    return errorView(meta, {
      code: body?.error?.code ?? `HTTP_${res.status}`,
      message: body?.error?.message ?? res.statusText,
      status: res.status,
    });
  }
  return kpiViewFromArrow(new Uint8Array(await res.arrayBuffer()), meta, dimLabels);
}
