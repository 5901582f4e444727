// The dimensions allow-list: what each dimension is called, what a filter
// value must look like, and where its labels come from. A request naming
// anything else is refused before any SQL is written.
import type { Session } from '../db.ts';
import { sqlIdent } from '../sql.ts';
import { printableEcho } from './printableEcho.ts';
import { DIMENSION_NAMES, KpiRequestError, type DimensionName, type DimensionValue, type Text } from './types.ts';

export interface DimensionSpec {
  name: DimensionName;
  label: Text;
  /** Shape a filter value must have (values are still bound parameters). */
  pattern: RegExp;
  /** Labels for filter pickers: a query returning (value, label_it, label_en), no parameters. */
  labels?: string;
}

const codeList = (list: string): string =>
  `select code as value, label_it, label_en from ref.code_lists where list = '${list}' order by code`;

const CODE = /^[a-z][a-z0-9_]{0,40}$/;

export const DIMENSIONS: Record<DimensionName, DimensionSpec> = {
  region: {
    name: 'region',
    label: { it: 'Regione', en: 'Region' },
    pattern: /^\d{2}$/,
    labels: `select cod_regione as value, name as label_it, name as label_en from ref.regions order by 1`,
  },
  province: {
    name: 'province',
    label: { it: 'Provincia', en: 'Province' },
    pattern: /^\d{3}$/,
    labels: `select cod_uts as value, name as label_it, name as label_en from ref.provinces order by 1`,
  },
  comune: {
    name: 'comune',
    label: { it: 'Comune', en: 'Municipality' },
    pattern: /^\d{6}$/,
    labels: `select comune_code as value, name_it as label_it, name as label_en from ref.comuni order by 1`,
  },
  office: {
    name: 'office',
    label: { it: 'Sportello / centro', en: 'Office' },
    pattern: /^[A-Za-z0-9_.:\-/]{1,64}$/,
    labels: `select office_id as value, name as label_it, name as label_en from core.offices order by 1`,
  },
  programme: {
    name: 'programme',
    label: { it: 'Programma', en: 'Programme' },
    pattern: /^[A-Za-z0-9_.:\-/+]{1,64}$/,
    labels: `select programme_code as value, name as label_it, name as label_en from core.programmes order by 1`,
  },
  project: {
    name: 'project',
    label: { it: 'Progetto (CUP)', en: 'Project (CUP)' },
    pattern: /^[A-Z0-9]{15}$/,
    labels: `select cup as value, title as label_it, title as label_en from core.projects order by 1`,
  },
  occupation_group: {
    name: 'occupation_group',
    label: { it: 'Grande gruppo professionale (CP2021)', en: 'Occupation major group (CP2021)' },
    pattern: /^\d$/,
    labels: `select code as value, name_it as label_it, name_it as label_en from ref.occupations_cp2021 where level = 1 order by 1`,
  },
  isco_major: {
    name: 'isco_major',
    label: { it: 'Grande gruppo ISCO-08', en: 'ISCO-08 major group' },
    pattern: /^\d$/,
    labels: `select code as value, label_it, label_en from ref.occupations_isco08 where level = 1 order by 1`,
  },
  occupation: {
    name: 'occupation',
    label: { it: 'Professione (CP2021 o ISCO-08, come riportata)', en: 'Occupation (CP2021 or ISCO-08, as reported)' },
    // CP2021 at any level ('5.2.2.1.0', '5.2') or ISCO-08 as the feeds write it ('ISCO:5223').
    pattern: /^(\d(\.\d{1,2}){0,4}|ISCO:\d{1,4})$/,
    labels: `select code as value, name_it as label_it, name_it as label_en from ref.occupations_cp2021
             union all select 'ISCO:' || code, label_it, label_en from ref.occupations_isco08 order by 1`,
  },
  sector_section: {
    name: 'sector_section',
    label: { it: 'Sezione ATECO', en: 'ATECO (NACE) section' },
    pattern: /^[A-U]$/,
    labels: `select code as value, title_it as label_it, coalesce(title_en, title_it) as label_en from ref.sectors_ateco where version = '2007' and level = 1 order by 1`,
  },
  gender: { name: 'gender', label: { it: 'Genere', en: 'Gender' }, pattern: /^(F|M|X|unknown)$/, labels: codeList('gender') },
  age_band: {
    name: 'age_band',
    label: { it: "Classe d'età", en: 'Age band' },
    pattern: /^(15-24|25-34|35-44|45-54|55\+|unknown)$/,
  },
  citizenship: { name: 'citizenship', label: { it: 'Cittadinanza', en: 'Citizenship' }, pattern: /^(IT|EU|non_EU|unknown)$/, labels: codeList('citizenship') },
  isced: {
    name: 'isced',
    label: { it: 'Livello di istruzione (ISCED)', en: 'Education level (ISCED)' },
    pattern: /^([0-8]|unknown)$/,
    labels: `select cast(level as varchar) as value, label_it, label_en from ref.isced order by level`,
  },
  target_group: {
    name: 'target_group',
    label: { it: 'Gruppo target (principale)', en: 'Target group (primary)' },
    pattern: CODE,
    labels: codeList('target_group'),
  },
  month: { name: 'month', label: { it: 'Mese', en: 'Month' }, pattern: /^\d{4}-(0[1-9]|1[0-2])$/ },
  quarter: { name: 'quarter', label: { it: 'Trimestre', en: 'Quarter' }, pattern: /^\d{4}-Q[1-4]$/ },
  year: { name: 'year', label: { it: 'Anno', en: 'Year' }, pattern: /^\d{4}$/ },
  gol_path: { name: 'gol_path', label: { it: 'Percorso GOL', en: 'GOL path' }, pattern: /^[1-5]$/ },
  event_kind: { name: 'event_kind', label: { it: 'Tipo di evento', en: 'Event kind' }, pattern: CODE, labels: codeList('event_kind') },
  contract_type: { name: 'contract_type', label: { it: 'Tipo di contratto', en: 'Contract type' }, pattern: CODE, labels: codeList('contract_type') },
  indicator: { name: 'indicator', label: { it: 'Indicatore', en: 'Indicator' }, pattern: /^[A-Za-z0-9_.-]{1,40}$/ },
  stat_unit: {
    name: 'stat_unit',
    label: { it: 'Unità di misura', en: 'Unit of measure' },
    pattern: /^[A-Za-z0-9_.-]{1,40}$/,
    labels: `select code as value, label_it, label_en from ref.context_labels where kind = 'unit' order by code`,
  },
  target_kind: { name: 'target_kind', label: { it: 'Tipo di obiettivo', en: 'Target kind' }, pattern: /^(milestone|target)$/, labels: codeList('target_kind') },
  context_source: { name: 'context_source', label: { it: 'Fonte', en: 'Source' }, pattern: CODE, labels: codeList('stat_source') },
  territory_level: { name: 'territory_level', label: { it: 'Livello territoriale', en: 'Territory level' }, pattern: CODE, labels: codeList('territory_level') },
  stat_breakdown: {
    name: 'stat_breakdown',
    label: { it: 'Altre classificazioni della fonte', en: 'Other classifications of the source' },
    pattern: /^[A-Za-z0-9_.=|+-]{1,200}$/,
    // `s_adj=NSA|nace_r2=A-S`: each pair by its catalogue name, in the source's order; `_Z` is none.
    labels: `with pairs as (
               select breakdown, unnest(string_split(breakdown, '|')) as pair,
                      generate_subscripts(string_split(breakdown, '|'), 1) as i
                 from (select distinct breakdown from core.context_stats where breakdown <> '_Z'))
             select breakdown as value,
                    string_agg(coalesce(l.label_it, pair), '; ' order by i) as label_it,
                    string_agg(coalesce(l.label_en, pair), '; ' order by i) as label_en
               from pairs left join ref.context_labels l on l.kind = 'breakdown' and l.code = pair
              group by breakdown
             union all select '_Z', 'nessuna', 'none'
             order by 1`,
  },
  territory_code: {
    name: 'territory_code',
    label: { it: 'Territorio', en: 'Territory' },
    pattern: /^[A-Z0-9]{1,8}$/,
    // Codes of every level differ in length: Italy (IT), ripartizione (1), region (2), province (3), comune (6).
    labels: `select 'IT' as value, 'Italia' as label_it, 'Italy' as label_en
             union all select distinct cod_ripartizione, ripartizione, ripartizione from ref.regions
             union all select cod_regione, name, name from ref.regions
             union all select cod_uts, name, name from ref.provinces
             union all select comune_code, name_it, name from ref.comuni
             order by 1`,
  },
  period: { name: 'period', label: { it: 'Periodo', en: 'Period' }, pattern: /^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|S[12]))?$/ },
};

export function isDimensionName(name: string): name is DimensionName {
  return (DIMENSION_NAMES as readonly string[]).includes(name);
}

export function dimensionOrThrow(name: string): DimensionSpec {
  if (!isDimensionName(name))
    throw new KpiRequestError('UNKNOWN_DIMENSION', `Unknown dimension '${printableEcho(name)}'. Known: ${DIMENSION_NAMES.join(', ')}.`);
  return DIMENSIONS[name];
}

/**
 * Values a dimension can take, with labels, for filter pickers. Dimensions
 * without a reference list (month, age band, …) answer with the values the
 * marts hold.
 */
export async function dimensionValues(db: Session, dim: DimensionName | string): Promise<DimensionValue[]> {
  const spec = dimensionOrThrow(dim);
  if (spec.labels) {
    const rows = await db.rows<{ value: string; label_it: string; label_en: string }>(spec.labels);
    return rows.map((r) => ({ value: String(r.value), label: { it: r.label_it, en: r.label_en } }));
  }
  const fixed: Partial<Record<DimensionName, string[]>> = {
    age_band: ['15-24', '25-34', '35-44', '45-54', '55+', 'unknown'],
    gol_path: ['1', '2', '3', '4', '5'],
  };
  const values = fixed[spec.name] ?? (await martValues(db, spec.name));
  return values.map((v) => ({ value: v, label: { it: v, en: v } }));
}

async function martValues(db: Session, dim: DimensionName): Promise<string[]> {
  const { KPI_LIST } = await import('./registry.ts');
  const def = KPI_LIST.find((d) => d.columns[dim]);
  if (!def) return [];
  const built = await db.scalar<number>(
    `select count(*) from information_schema.tables where table_schema = 'mart' and table_name = $1`,
    [def.mart],
  );
  if (!built) return [];
  const col = sqlIdent(def.columns[dim]!);
  const rows = await db.rows<{ v: string }>(
    `select distinct ${col} as v from mart.${sqlIdent(def.mart)} where ${col} is not null order by 1`,
  );
  return rows.map((r) => String(r.v));
}
