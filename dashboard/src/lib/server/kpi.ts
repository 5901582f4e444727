// Page-side access to KPIs: through the per-request data access (readKpi →
// the authorization layer → the KPI query layer) the Express app attached. Turns the
// result into a small serialisable view and failures into a message.
import { error } from '@sveltejs/kit';
import type { KpiRequest } from '../../../../warehouse/kpi/types.ts';
import type { KpiView } from '../types';
import type { CodeNames } from '../labels/codes';

/** The names of the codes each dimension column of `rows` holds, from the reference tables (through the page data). */
export async function namesOfRows(
  locals: App.Locals,
  columns: readonly { name: string; type: string }[],
  rows: readonly Record<string, unknown>[],
): Promise<CodeNames> {
  const data = dataOf(locals);
  const out: CodeNames = {};
  await Promise.all(
    columns
      .filter((c) => c.type === 'dimension')
      .map(async (c) => {
        const codes = [...new Set(rows.map((r) => r[c.name]).filter((v) => v !== null && v !== undefined).map(String))];
        const names = await data.codeNames(c.name, codes);
        if (Object.keys(names).length) out[c.name] = names;
      }),
  );
  return out;
}

export function dataOf(locals: App.Locals) {
  if (!locals.data)
    error(503, 'Dashboard not served by the Osservatorio server (no data access): start it with "osservatorio serve".');
  return locals.data;
}

export async function kpiView(locals: App.Locals, code: string, request: KpiRequest = {}): Promise<KpiView> {
  const data = dataOf(locals);
  try {
    const r = await data.readKpi(code, request);
    return {
      code: r.code,
      name: r.definition.name,
      unit: r.definition.unit,
      value: r.definition.value,
      higherIsBetter: r.definition.higherIsBetter ?? null,
      dims: r.request.dims,
      columns: r.columns.map((c) => ({ name: c.name, type: c.type, unit: c.unit ?? null, label: c.label })),
      rows: r.rows,
      asOf: r.asOf,
      names: await namesOfRows(locals, r.columns, r.rows),
      error: null,
    };
  } catch (e) {
    const err = e as { code?: string; message?: string; status?: number };
    return {
      code,
      name: { it: code, en: code },
      unit: 'value',
      value: 'value',
      higherIsBetter: null,
      dims: [],
      columns: [],
      rows: [],
      asOf: null,
      error: { code: err.code ?? 'ERROR', message: err.message ?? String(e), status: err.status ?? 500 },
    };
  }
}

/** Which dimensions a KPI allows (from the registry via the data access). */
export function kpiDims(locals: App.Locals, code: string): string[] {
  return (dataOf(locals).listKpis().find((d) => d.code === code)?.dimensions ?? []) as string[];
}
