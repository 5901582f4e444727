// `osservatorio kpi <CODE> [--by dim,dim] [--where dim=value …] [--from YYYY-MM]
// [--to YYYY-MM] [--format table|csv|json]` and `osservatorio kpi --list`: a KPI
// from the marts through the one query layer (warehouse/kpi/query.ts).
import type { Command } from 'commander';
import { print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { CliError, EXIT, RefusedError, UsageError } from '../errors.ts';
import { WarehouseLockedError } from '../../warehouse/db.ts';
import { kpiToCsv, kpiToTable } from '../../warehouse/kpi/format.ts';
import { queryKpi } from '../../warehouse/kpi/query.ts';
import { listKpis } from '../../warehouse/kpi/registry.ts';
import { KpiRequestError, MartsNotBuiltError, type KpiRequest } from '../../warehouse/kpi/types.ts';

interface KpiOptions extends GlobalOptions {
  list?: boolean;
  by?: string;
  where: string[];
  from?: string;
  to?: string;
  format: string;
  lang: string;
  onTrack?: string;
  atRisk?: string;
}

const FORMATS = ['table', 'csv', 'json'];

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** --where dim=value (repeatable; value may be a comma list) → filters. */
export function parseWhere(items: string[]): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const item of items) {
    const i = item.indexOf('=');
    if (i <= 0) throw new UsageError(`--where needs dim=value, got '${item}'`);
    const dim = item.slice(0, i).trim();
    filters[dim] = [...(filters[dim] ?? []), ...item.slice(i + 1).split(',').map((v) => v.trim())];
  }
  return filters;
}

function printList(format: string): void {
  const defs = listKpis();
  if (format === 'json') {
    print(JSON.stringify(defs.map((d) => ({ code: d.code, family: d.family, name: d.name, unit: d.unit, dimensions: d.dimensions })), null, 2));
    return;
  }
  for (const d of defs) print(`${d.code.padEnd(10)} ${d.name.it} / ${d.name.en}\n           by: ${d.dimensions.join(', ')}`);
}

export function register(program: Command): void {
  withDataOptions(
    program
      .command('kpi')
      .description('print a KPI from the marts; --list shows every code with its dimensions')
      .argument('[code]', 'KPI code, e.g. MM_FILL, PL_RATE_6, SP_TGT')
      .option('--list', 'list the KPI codes and the dimensions each can be cut by')
      .option('--by <dims>', 'comma-separated dimensions to group by, e.g. province,month')
      .option('--where <dim=value>', 'filter (repeatable; value may be a comma list)', collect, [])
      .option('--from <YYYY-MM>', 'first month (inclusive) of the KPI time reference')
      .option('--to <YYYY-MM>', 'last month (inclusive)')
      .option('--format <format>', `output: ${FORMATS.join(' | ')}`, 'table')
      .option('--lang <lang>', 'labels: it | en', 'it')
      .option('--on-track <share>', 'SP_TGT: on track at or above this share of the straight-line path (default 0.95)')
      .option('--at-risk <share>', 'SP_TGT: at risk at or above this share, off track below (default 0.80)'),
  ).action(async (code: string | undefined, opts: KpiOptions) => {
    if (!FORMATS.includes(opts.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    if (opts.list) return printList(opts.format);
    if (!code) throw new UsageError("Name a KPI code, or use 'osservatorio kpi --list'");
    const request: KpiRequest = {
      dims: opts.by ? opts.by.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      filters: parseWhere(opts.where),
      from: opts.from,
      to: opts.to,
    };
    if (opts.onTrack !== undefined || opts.atRisk !== undefined)
      request.thresholds = {
        ...(opts.onTrack !== undefined ? { onTrack: Number(opts.onTrack) } : {}),
        ...(opts.atRisk !== undefined ? { atRisk: Number(opts.atRisk) } : {}),
      };
    try {
      await withWarehouse(opts, 'read', async (wh) => {
        const result = await queryKpi(wh, code.toUpperCase(), request);
        if (opts.format === 'json') {
          const { definition: _definition, ...rest } = result;
          print(JSON.stringify({ ...rest, name: result.definition.name, unit: result.definition.unit }, null, 2));
        } else if (opts.format === 'csv') process.stdout.write(kpiToCsv(result));
        else process.stdout.write(kpiToTable(result, opts.lang === 'en' ? 'en' : 'it'));
      });
    } catch (err) {
      if (err instanceof KpiRequestError) throw new UsageError(`${err.message} [${err.code}]`);
      if (err instanceof MartsNotBuiltError) throw new RefusedError(err.message);
      if (err instanceof WarehouseLockedError) throw new CliError(err.message, EXIT.internal);
      throw err;
    }
  });
}
