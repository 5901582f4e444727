// ISTAT and Eurostat SDMX-CSV → the context_stats feed.
//
// ISTAT SDMX-CSV: `DATAFLOW,FREQ,<dims…>,TIME_PERIOD,OBS_VALUE,<attributes…>`
// with ITTER107 (or REF_AREA) for territory, TIPO_DATO* for the indicator,
// SEXISTAT1 (1 M, 2 F, 9 total) and ETA1 for sex and age, OBS_STATUS and
// CONF_STATUS as flags, UNIT_MEAS / UNIT_MULT for the unit.
// Eurostat SDMX-CSV 2.0: `STRUCTURE,STRUCTURE_ID,[STRUCTURE_NAME],<dim>,[<dim label>]…,
// TIME_PERIOD,[Time],OBS_VALUE,[label],OBS_FLAG,[label],CONF_STATUS,[label]`;
// dimension ids are lower case (freq, unit, sex, age, geo, indic_em, nace_r2…),
// each optionally followed by its label column.
// A missing observation (`:` or empty) becomes an empty value with its flag
// kept (`:` added when there is none); confidential (`c`) likewise: never 0.
import type { Connector } from './types.ts';
import { comuneCodes } from './comuneCodes.ts';
import { NOT_APPLICABLE, observation, territory, writeStats, type StatRow } from './contextStatsRows.ts';
import { matchEurostatTerritory, matchIstatTerritory } from './territories.ts';

/** `IT1:41_983(1.0)` → `41_983`; `ESTAT:UNE_RT_M(1.0)` → `UNE_RT_M`. */
export function datasetId(ref: string): string {
  return ref.replace(/^[^:]*:/, '').replace(/\([^)]*\)$/, '').trim();
}

function istatSex(code: string | undefined): string {
  switch ((code ?? '').trim()) {
    case '1':
      return 'M';
    case '2':
      return 'F';
    case '9':
      return 'T';
    case '':
      return NOT_APPLICABLE;
    default:
      return code!.trim();
  }
}

const ISTAT_ATTRIBUTES = new Set(['BREAK', 'CONF_STATUS', 'OBS_PRE_BREAK', 'OBS_STATUS', 'BASE_PER', 'UNIT_MEAS', 'UNIT_MULT', 'METADATA_EN', 'METADATA_IT', 'NOTE_DATASET', 'NOTE_TIPO_DATO', 'DECIMALS']);

export const istatSdmx: Connector = {
  name: 'istat_sdmx_csv',
  matches(headers) {
    const h = new Set(headers.map((x) => x.trim().toUpperCase()));
    return h.has('DATAFLOW') && h.has('TIME_PERIOD') && h.has('OBS_VALUE') && (h.has('ITTER107') || h.has('REF_AREA'));
  },
  async toFeedFiles(path, outDir, context) {
    const todayOf = context?.wh ? (await comuneCodes(context.wh)).todayOf : undefined;
    return writeStats(
      path,
      outDir,
      {
        tag: 'istat',
        rowsOf: (header) => {
          const H = header.map((x) => x.toUpperCase());
          const at = (name: string) => H.indexOf(name);
          const timeAt = at('TIME_PERIOD');
          const geo = at('ITTER107') >= 0 ? at('ITTER107') : at('REF_AREA');
          const indicatorAt = H.findIndex((x) => x.startsWith('TIPO_DATO') || x === 'DATA_TYPE');
          const sexAt = H.findIndex((x) => x.startsWith('SEXISTAT') || x === 'SESSO' || x === 'SEX');
          const ageAt = H.findIndex((x) => x.startsWith('ETA') || x === 'AGE');
          const special = new Set([at('DATAFLOW'), at('FREQ'), geo, indicatorAt, sexAt, ageAt, timeAt, at('OBS_VALUE')]);
          const others = H.map((x, i) => ({ x, i })).filter(({ x, i }) => i < timeAt && !special.has(i) && !ISTAT_ATTRIBUTES.has(x));
          return (r) => {
            const get = (i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
            const unitMult = get(at('UNIT_MULT'));
            const unit = (get(at('UNIT_MEAS')) || NOT_APPLICABLE) + (unitMult && unitMult !== '0' ? `_E${unitMult}` : '');
            const conf = get(at('CONF_STATUS'));
            const obs = observation(get(at('OBS_VALUE')), [get(at('OBS_STATUS')), conf && conf !== 'F' ? conf.toLowerCase() : '']);
            const dataset = datasetId(get(at('DATAFLOW')));
            const code = get(geo);
            return [
              {
                source: 'istat',
                dataset,
                indicator: get(indicatorAt) || dataset,
                indicator_label: null,
                unit,
                source_territory: code,
                ...territory(matchIstatTerritory(code, todayOf)),
                sex: istatSex(sexAt >= 0 ? get(sexAt) : ''),
                age: get(ageAt) || NOT_APPLICABLE,
                breakdown: others.map(({ x, i }) => `${x}=${get(i)}`).join('|') || NOT_APPLICABLE,
                period: get(timeAt),
                ...obs,
              },
            ];
          };
        },
      },
      context,
    );
  },
};

const EUROSTAT_SYSTEM = new Set(['STRUCTURE', 'STRUCTURE_ID', 'STRUCTURE_NAME', 'DATAFLOW', 'LAST UPDATE', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_FLAG', 'CONF_STATUS', 'ACTION']);

/** An Eurostat dimension id and the column of its code. */
export interface EurostatDimension {
  x: string;
  i: number;
}

/**
 * The roles of Eurostat's dimensions: `indic_*` is the indicator; freq, geo,
 * unit, sex and age have columns of their own; every other one (nace_r2,
 * s_adj, …) goes to the breakdown.
 */
export function eurostatDimensions(dims: EurostatDimension[]): { indic?: EurostatDimension; others: EurostatDimension[] } {
  const indic = dims.find((d) => d.x.startsWith('indic'));
  const special = new Set(['freq', 'geo', 'unit', 'sex', 'age', indic?.x]);
  return { indic, others: dims.filter((d) => !special.has(d.x)) };
}

/**
 * The fields of one Eurostat series, from its dimension codes: the same
 * whether the file is SDMX-CSV (one observation per row) or TSV (one series
 * per row). `get(i)` is the code in column i, `at(id)` the column of a
 * dimension (−1 when the dataset has none).
 */
export function eurostatSeries(
  get: (i: number) => string,
  at: (id: string) => number,
  dataset: string,
  roles: ReturnType<typeof eurostatDimensions>,
  indicatorLabel: string | null,
): Omit<StatRow, 'period' | 'value' | 'flag'> {
  const code = get(at('geo'));
  return {
    source: 'eurostat',
    dataset,
    indicator: roles.indic ? get(roles.indic.i) : dataset,
    indicator_label: indicatorLabel,
    unit: get(at('unit')) || NOT_APPLICABLE,
    source_territory: code,
    ...territory(matchEurostatTerritory(code)),
    sex: get(at('sex')) || NOT_APPLICABLE,
    age: get(at('age')) || NOT_APPLICABLE,
    breakdown: roles.others.map((d) => `${d.x}=${get(d.i)}`).join('|') || NOT_APPLICABLE,
  };
}

export const eurostatSdmx: Connector = {
  name: 'eurostat_sdmx_csv',
  matches(headers) {
    const h = new Set(headers.map((x) => x.trim()));
    // SDMX-CSV 2.0 (STRUCTURE, STRUCTURE_ID) or 1.0 (DATAFLOW, LAST UPDATE); Eurostat dimension ids are lower case.
    return (h.has('STRUCTURE_ID') || h.has('DATAFLOW')) && h.has('TIME_PERIOD') && h.has('OBS_VALUE') && h.has('geo');
  },
  toFeedFiles(path, outDir, context) {
    return writeStats(
      path,
      outDir,
      {
        tag: 'eurostat',
        rowsOf: (header) => {
          const at = (name: string) => header.indexOf(name);
          // Dimension ids are lower-case identifiers; a label column (if any) follows each.
          const dims = header.map((x, i) => ({ x, i })).filter(({ x }) => /^[a-z][a-z0-9_]*$/.test(x) && !EUROSTAT_SYSTEM.has(x));
          const labelOf = (i: number) => (i + 1 < header.length && !/^[a-z][a-z0-9_]*$/.test(header[i + 1]) && !EUROSTAT_SYSTEM.has(header[i + 1]) ? i + 1 : -1);
          const { indic, others } = eurostatDimensions(dims);
          return (r) => {
            const get = (i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
            const dataset = datasetId(get(at('STRUCTURE_ID') >= 0 ? at('STRUCTURE_ID') : at('DATAFLOW')));
            const conf = get(at('CONF_STATUS'));
            const obs = observation(get(at('OBS_VALUE')), [get(at('OBS_FLAG')), conf && conf !== 'F' ? conf.toLowerCase() : '']);
            return [
              {
                ...eurostatSeries(get, at, dataset, { indic, others }, indic ? get(labelOf(indic.i)) || null : get(at('STRUCTURE_NAME')) || null),
                period: get(at('TIME_PERIOD')),
                ...obs,
              },
            ];
          };
        },
      },
      context,
    );
  },
};
