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
import { basename, join } from 'node:path';
import type { Connector, ConnectorContext, FeedFile } from './types.ts';
import { NoteCounter } from './issueList.ts';
import { canonicalNumber, FeedFileWriter, readRecords } from './csv.ts';
import { comuneCodes } from './comuneCodes.ts';
import { matchEurostatTerritory, matchIstatTerritory, type TerritoryMatch } from './territories.ts';

export const CONTEXT_STATS_COLUMNS = [
  'source',
  'dataset',
  'indicator',
  'indicator_label',
  'unit',
  'source_territory',
  'territory_code',
  'territory_level',
  'sex',
  'age',
  'breakdown',
  'period',
  'value',
  'flag',
] as const;

type StatRow = Record<(typeof CONTEXT_STATS_COLUMNS)[number], string | null>;

const NOT_APPLICABLE = '_Z';

/** `IT1:41_983(1.0)` → `41_983`; `ESTAT:UNE_RT_M(1.0)` → `UNE_RT_M`. */
export function datasetId(ref: string): string {
  return ref.replace(/^[^:]*:/, '').replace(/\([^)]*\)$/, '').trim();
}

/** Splits an observation into value and flags: `:` and empty → null; `3.7 p` → 3,7 + p. */
export function observation(rawValue: string, flags: string[]): { value: string | null; flag: string | null } {
  let v = rawValue.trim();
  const f = [...new Set(flags.map((x) => x.trim()).filter(Boolean))];
  const m = /^(\S+)\s+([a-z:]+)$/i.exec(v); // TSV-style "3.7 p" inside the value
  if (m) {
    v = m[1];
    f.push(m[2]);
  }
  if (v === '' || v === ':' || /^:/.test(v)) {
    if (!f.some((x) => x.includes(':'))) f.unshift(':');
    return { value: null, flag: [...new Set(f)].join(' ') };
  }
  return { value: canonicalNumber(v, false), flag: f.length ? [...new Set(f)].join(' ') : null };
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

async function writeStats(
  path: string,
  outDir: string,
  rowOf: (header: string[]) => (record: string[]) => StatRow,
  tag: string,
  context: ConnectorContext | undefined,
): Promise<FeedFile[]> {
  const file = join(outDir, `context_stats_${tag}_${basename(path).replace(/\.[^.]*$/, '')}.csv`);
  const writer = new FeedFileWriter(file, [...CONTEXT_STATS_COLUMNS]);
  const unmatched = new NoteCounter();
  let toRow: ((record: string[]) => StatRow) | undefined;
  let rowNo = 0;
  try {
    for await (const record of readRecords(path, context?.checksum)) {
      rowNo++;
      if (!toRow) {
        toRow = rowOf(record.map((h) => h.replace(/^\uFEFF/, '').trim()));
        continue;
      }
      if (record.every((v) => v.trim() === '')) continue;
      const row = toRow(record);
      if (row.territory_code === null && ITALIAN_AREA.test(row.source_territory ?? ''))
        unmatched.add('territory_unmatched', UNMATCHED, rowNo);
      await writer.write(CONTEXT_STATS_COLUMNS.map((c) => row[c]));
    }
  } finally {
    await writer.close();
  }
  return writer.rows ? [{ feed: 'context_stats', file, notes: unmatched.all }] : [];
}

/** An Italian area as ISTAT and Eurostat code it: IT… (nation, NUTS, ITTER107) or a 6-digit comune. */
const ITALIAN_AREA = /^(IT|\d{6}$)/i;
const UNMATCHED =
  "rows of an Italian territory that matches none of today's (Sardinia's provinces before 2026, a comune code no list leads to), kept with the published code in source_territory and no territory_code";

function territory(match: TerritoryMatch): { territory_code: string | null; territory_level: string } {
  return { territory_code: match.code, territory_level: match.level };
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
      (header) => {
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
          return {
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
          };
        };
      },
      'istat',
      context,
    );
  },
};

const EUROSTAT_SYSTEM = new Set(['STRUCTURE', 'STRUCTURE_ID', 'STRUCTURE_NAME', 'DATAFLOW', 'LAST UPDATE', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_FLAG', 'CONF_STATUS', 'ACTION']);

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
      (header) => {
        const at = (name: string) => header.indexOf(name);
        // Dimension ids are lower-case identifiers; a label column (if any) follows each.
        const dims = header.map((x, i) => ({ x, i })).filter(({ x }) => /^[a-z][a-z0-9_]*$/.test(x) && !EUROSTAT_SYSTEM.has(x));
        const labelOf = (i: number) => (i + 1 < header.length && !/^[a-z][a-z0-9_]*$/.test(header[i + 1]) && !EUROSTAT_SYSTEM.has(header[i + 1]) ? i + 1 : -1);
        const indic = dims.find((d) => d.x.startsWith('indic'));
        const special = new Set(['freq', 'geo', 'unit', 'sex', 'age', indic?.x]);
        const others = dims.filter((d) => !special.has(d.x));
        return (r) => {
          const get = (i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
          const dataset = datasetId(get(at('STRUCTURE_ID') >= 0 ? at('STRUCTURE_ID') : at('DATAFLOW')));
          const conf = get(at('CONF_STATUS'));
          const obs = observation(get(at('OBS_VALUE')), [get(at('OBS_FLAG')), conf && conf !== 'F' ? conf.toLowerCase() : '']);
          const code = get(at('geo'));
          return {
            source: 'eurostat',
            dataset,
            indicator: indic ? get(indic.i) : dataset,
            indicator_label: indic ? get(labelOf(indic.i)) || null : get(at('STRUCTURE_NAME')) || null,
            unit: get(at('unit')) || NOT_APPLICABLE,
            source_territory: code,
            ...territory(matchEurostatTerritory(code)),
            sex: get(at('sex')) || NOT_APPLICABLE,
            age: get(at('age')) || NOT_APPLICABLE,
            breakdown: others.map((d) => `${d.x}=${get(d.i)}`).join('|') || NOT_APPLICABLE,
            period: get(at('TIME_PERIOD')),
            ...obs,
          };
        };
      },
      'eurostat',
      context,
    );
  },
};
