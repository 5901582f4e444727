// The predefined public tables: fixed dimensions and bands, no free filters.
// Each is computed from the KPI marts (never from core) with a .sql file next
// to this module, then goes through the one protected-table step
// (warehouse/disclosure) before any format is written. Tables of one family count the same population and are
// protected jointly, so a margin they share cannot be used to unpick either.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../db.ts';
import { NO_EARLIER_RELEASES, protectTables, TOTAL, type CountTable, type EarlierReleases, type Dimension, type DisclosurePolicy, type ProtectedTable, type Rate } from '../disclosure/index.ts';

const SQL_DIR = join(import.meta.dirname, 'sql');
const sqlFile = (name: string) => readFileSync(join(SQL_DIR, name), 'utf8');

export interface CategoryDef {
  name: string;
  /** ref.code_lists list holding the labels, or a fixed label map. */
  list?: string;
  labels?: Record<string, { it: string; en: string }>;
  description: { it: string; en: string };
}

export interface PublicTableDef {
  id: string;
  family: string;
  title: { it: string; en: string };
  description: { it: string; en: string };
  sql: string;
  /** The marts the table is computed from (documented on the page and in the dictionary). */
  marts: string[];
  /** SQL common table expression the query reads (shared base of a family). */
  base?: { name: string; sql: string };
  categories: CategoryDef[];
  measures: { name: string; description: { it: string; en: string } }[];
  rates?: (Rate & { description: { it: string; en: string } })[];
}

// The marts' age bands (warehouse/marts/intermediate/int_person.sql).
const AGE_BANDS: Record<string, { it: string; en: string }> = {
  '15-24': { it: '15–24 anni', en: '15–24' },
  '25-34': { it: '25–34 anni', en: '25–34' },
  '35-44': { it: '35–44 anni', en: '35–44' },
  '45-54': { it: '45–54 anni', en: '45–54' },
  '55+': { it: '55 anni e più', en: '55 and over' },
};

// Broad contract groups (sql/placements_base.sql): the four the code list
// names keep its labels; self-employment, traineeships and the rest are too
// few per province to publish one by one, so they share one group.
const CONTRACT_GROUPS: Record<string, { it: string; en: string }> = {
  other: { it: 'Altro (lavoro autonomo, tirocinio, altri contratti, non indicato)', en: 'Other (self-employment, traineeship, other contracts, not stated)' },
};

// Broad occupation groups: CP2021 major groups joined as ISTAT's labour force
// survey groups them (sql/vacancies_occupation.sql).
const OCCUPATION_GROUPS: Record<string, { it: string; en: string }> = {
  '1-3': { it: 'Professioni qualificate e tecniche (CP2021 grandi gruppi 1–3)', en: 'Managers, professionals and technicians (CP2021 major groups 1–3)' },
  '4-5': { it: 'Impiegati, professioni commerciali e nei servizi (grandi gruppi 4–5)', en: 'Clerical, sales and service workers (major groups 4–5)' },
  '6-7': { it: 'Artigiani, operai specializzati, agricoltori e conduttori di impianti (grandi gruppi 6–7)', en: 'Craft, agricultural, plant and machine workers (major groups 6–7)' },
  '8': { it: 'Professioni non qualificate (grande gruppo 8)', en: 'Elementary occupations (major group 8)' },
  '9': { it: 'Forze armate (grande gruppo 9)', en: 'Armed forces (major group 9)' },
};

const PLACEMENTS = { name: 'placements', description: { it: 'Numero di inserimenti', en: 'Number of placements' } };
const JOB_SEEKERS = { name: 'job_seekers', description: { it: 'Iscrizioni (una persona iscritta due volte conta due volte)', en: 'Registrations (a person registering twice counts twice)' } };
const AGE_BAND: CategoryDef = { name: 'age_band', labels: AGE_BANDS, description: { it: "Classe di età (età raggiunta nell'anno dei dati)", en: 'Age band (age reached in the data year)' } };

const placementsBase = { name: 'placements_base', sql: sqlFile('placements_base.sql') };
const jobSeekersBase = { name: 'job_seekers_base', sql: sqlFile('job_seekers_base.sql') };

// The cuts are chosen so that, on the scale-1 demo (five provinces), each
// table publishes at least 80 % of its non-zero cells under the unchanged
// disclosure policy (measured by utility.ts, asserted by
// tests/opendata/utility.test.ts): quarters where every cell stays well above
// the threshold, years where a category is thin; broad groups instead of
// fine codes; one category per table, tables of a family sharing margins.
export const PUBLIC_TABLES: readonly PublicTableDef[] = [
  {
    id: 'placements_province_quarter_women',
    family: 'placements',
    title: { it: 'Inserimenti lavorativi per provincia e trimestre, di cui donne', en: 'Placements by province and quarter, of which women' },
    description: {
      it: 'Rapporti di lavoro avviati da persone seguite dai servizi per il lavoro, per trimestre di inizio e provincia del luogo di lavoro; di cui avviati da donne. Uomini, persone non binarie e genere non indicato non sono pubblicati separatamente: le ultime due categorie sono così piccole che, per provincia, andrebbero nascoste insieme a una delle altre.',
      en: 'Employment spells started by people served by the job centres, by quarter of start and province of the workplace; of which started by women. Men, non-binary people and gender not stated are not published separately: the last two are so few that, by province, they would have to be hidden together with one of the others.',
    },
    sql: sqlFile('placements_women.sql'),
    marts: ['placement_quality'],
    base: placementsBase,
    categories: [],
    measures: [PLACEMENTS, { name: 'placements_women', description: { it: 'Inserimenti di donne (di cui)', en: 'Placements of women (of which)' } }],
    rates: [
      {
        name: 'women_share',
        numerator: 'placements_women',
        denominator: 'placements',
        description: { it: 'Quota di inserimenti di donne (0–1)', en: 'Share of placements of women (0–1)' },
      },
    ],
  },
  {
    id: 'placements_province_year_contract',
    family: 'placements',
    title: { it: 'Inserimenti lavorativi per provincia, anno e tipo di contratto', en: 'Placements by province, year and contract type' },
    description: {
      it: 'Gli stessi inserimenti della tabella trimestrale, per anno e gruppo di tipo di contratto.',
      en: 'The same placements as the quarterly table, by year and contract type group.',
    },
    sql: sqlFile('placements_contract.sql'),
    marts: ['placement_quality'],
    base: placementsBase,
    categories: [{ name: 'contract_type', list: 'contract_type', labels: CONTRACT_GROUPS, description: { it: 'Gruppo di tipo di contratto', en: 'Contract type group' } }],
    measures: [PLACEMENTS],
  },
  {
    id: 'vacancies_province_year_occupation',
    family: 'vacancies',
    title: { it: 'Offerte di lavoro per provincia, anno e gruppo professionale', en: 'Vacancies by province, year and occupation group' },
    description: {
      it: 'Offerte pubblicate tramite i servizi per il lavoro per anno di pubblicazione, provincia e gruppo professionale (grandi gruppi CP2021 accorpati); chiuse e coperte.',
      en: 'Vacancies published through the job centres by year of publication, province and occupation group (CP2021 major groups joined); closed and filled.',
    },
    sql: sqlFile('vacancies_occupation.sql'),
    marts: ['vacancy_outcomes'],
    categories: [{ name: 'occupation_broad', labels: OCCUPATION_GROUPS, description: { it: 'Gruppo professionale (grandi gruppi CP2021 accorpati)', en: 'Occupation group (CP2021 major groups joined)' } }],
    measures: [
      { name: 'vacancies', description: { it: 'Offerte pubblicate', en: 'Vacancies published' } },
      { name: 'vacancies_closed', description: { it: 'Offerte chiuse', en: 'Vacancies closed' } },
      { name: 'vacancies_filled', description: { it: 'Offerte coperte (anche parzialmente)', en: 'Vacancies filled (fully or partly)' } },
    ],
    rates: [
      {
        name: 'filled_share',
        numerator: 'vacancies_filled',
        denominator: 'vacancies_closed',
        description: { it: 'Quota di offerte chiuse che sono state coperte (0–1)', en: 'Share of closed vacancies that were filled (0–1)' },
      },
    ],
  },
  {
    id: 'job_seekers_province_quarter_age',
    family: 'job_seekers',
    title: { it: 'Persone in cerca di lavoro per provincia, trimestre ed età', en: 'Job seekers by province, quarter and age band' },
    description: {
      it: "Iscrizioni presso i servizi per il lavoro per trimestre di iscrizione, provincia del centro e classe di età (età raggiunta nell'anno dei dati).",
      en: 'Registrations with the job centres by quarter of registration, province of the office and age band (age reached in the data year).',
    },
    sql: sqlFile('job_seekers_age.sql'),
    marts: ['service_funnel'],
    base: jobSeekersBase,
    categories: [AGE_BAND],
    measures: [JOB_SEEKERS],
  },
  {
    id: 'job_seekers_province_quarter_citizenship',
    family: 'job_seekers',
    title: { it: 'Persone in cerca di lavoro per provincia, trimestre e cittadinanza', en: 'Job seekers by province, quarter and citizenship' },
    description: {
      it: 'Le stesse iscrizioni della tabella per età, per cittadinanza.',
      en: 'The same registrations as the table by age band, by citizenship.',
    },
    sql: sqlFile('job_seekers_citizenship.sql'),
    marts: ['service_funnel'],
    base: jobSeekersBase,
    categories: [{ name: 'citizenship', list: 'citizenship', description: { it: 'Cittadinanza', en: 'Citizenship' } }],
    measures: [JOB_SEEKERS],
  },
];

export const PUBLIC_TABLE_IDS: readonly string[] = PUBLIC_TABLES.map((t) => t.id);

export function publicTableDef(id: string): PublicTableDef | undefined {
  return PUBLIC_TABLES.find((t) => t.id === id);
}

const UNKNOWN = { it: 'Non indicato', en: 'Not stated' };
const UNKNOWN_CODE = 'unknown';

/** The label of the territory total when the data cover every province. */
export const NATIONAL_LABEL = 'Italia';

/**
 * The label of the territory total: "Italia" only when the data cover every
 * province; otherwise the covered area, so nobody reads the sum of a few
 * provinces as a national figure.
 */
export function coveredAreaLabel(coveredProvinces: number, allProvinces: number): string {
  if (coveredProvinces >= allProvinces) return NATIONAL_LABEL;
  return `Aree coperte (${coveredProvinces} ${coveredProvinces === 1 ? 'provincia' : 'province'})`;
}

async function territoryDimension(db: Session, codes: string[]): Promise<Dimension> {
  const rows = await db.rows<{ cod_uts: string; name: string; cod_regione: string; region_name: string; region_provinces: number }>(
    `select p.cod_uts, p.name, p.cod_regione, r.name as region_name,
            (select count(*) from ref.provinces q where q.cod_regione = p.cod_regione)::INTEGER as region_provinces
       from ref.provinces p join ref.regions r using (cod_regione)
      where list_contains($1::VARCHAR[], p.cod_uts)`,
    [JSON.stringify(codes)],
  );
  const [{ n: allProvinces }] = await db.rows<{ n: number }>(`select count(*)::INTEGER as n from ref.provinces`);
  const dim: Dimension = {
    name: 'territory',
    parent: new Map([[TOTAL, null]]),
    label: new Map([[TOTAL, coveredAreaLabel(rows.length, allProvinces)]]),
    level: new Map([[TOTAL, 'total']]),
  };
  // A region is published only when every one of its provinces is covered:
  // a row labelled "Liguria" holding La Spezia alone would not be Liguria.
  // Provinces of a partly covered region sit directly under the total.
  const covered = new Map<string, number>();
  for (const r of rows) covered.set(r.cod_regione, (covered.get(r.cod_regione) ?? 0) + 1);
  for (const r of rows) {
    const wholeRegion = covered.get(r.cod_regione) === r.region_provinces;
    if (wholeRegion) {
      dim.parent.set(r.cod_regione, TOTAL);
      dim.label.set(r.cod_regione, r.region_name);
      dim.level.set(r.cod_regione, 'region');
    }
    dim.parent.set(r.cod_uts, wholeRegion ? r.cod_regione : TOTAL);
    dim.label.set(r.cod_uts, r.name);
    dim.level.set(r.cod_uts, 'province');
  }
  // Rows whose territory the marts could not resolve count in the total only.
  if (codes.includes(UNKNOWN_CODE)) {
    dim.parent.set(UNKNOWN_CODE, TOTAL);
    dim.label.set(UNKNOWN_CODE, UNKNOWN.it);
    dim.level.set(UNKNOWN_CODE, 'unknown');
  }
  return dim;
}

function periodDimension(quarters: string[]): Dimension {
  const dim: Dimension = { name: 'period', parent: new Map(), label: new Map(), level: new Map(), time: true };
  for (const q of quarters) {
    const year = q.slice(0, 4);
    dim.parent.set(year, null);
    dim.label.set(year, year);
    dim.level.set(year, 'year');
    if (q === year) continue;
    dim.parent.set(q, year);
    dim.label.set(q, q);
    dim.level.set(q, 'quarter');
  }
  return dim;
}

async function categoryDimension(db: Session, def: CategoryDef, codes: string[]): Promise<Dimension> {
  const labels = new Map<string, string>();
  if (def.list) {
    for (const r of await db.rows<{ code: string; label_it: string }>(`select code, label_it from ref.code_lists where list = $1`, [def.list])) {
      labels.set(r.code, r.label_it);
    }
  }
  for (const [c, l] of Object.entries(def.labels ?? {})) labels.set(c, l.it);
  const dim: Dimension = { name: def.name, parent: new Map([[TOTAL, null]]), label: new Map([[TOTAL, 'Totale']]), level: new Map([[TOTAL, 'total']]) };
  for (const c of codes) {
    dim.parent.set(c, TOTAL);
    dim.label.set(c, labels.get(c) ?? (c === 'unknown' ? UNKNOWN.it : c));
    dim.level.set(c, def.name);
  }
  return dim;
}

/** Reads the leaf counts of a public table from the warehouse. */
export async function countTable(db: Session, def: PublicTableDef): Promise<CountTable> {
  const sql = def.base ? `with ${def.base.name} as (${def.base.sql}) ${def.sql}` : def.sql;
  const rows = await db.rows<Record<string, string | number>>(sql);
  const distinct = (col: string) => [...new Set(rows.map((r) => String(r[col])))].sort();
  const dims: Dimension[] = [periodDimension(distinct('period')), await territoryDimension(db, distinct('territory'))];
  for (const c of def.categories) dims.push(await categoryDimension(db, c, distinct(c.name)));
  return {
    id: def.id,
    family: def.family,
    dims,
    measures: def.measures.map((m) => m.name),
    rates: def.rates,
    leaves: rows.map((r) => ({
      codes: Object.fromEntries(dims.map((d) => [d.name, String(r[d.name])])),
      counts: Object.fromEntries(def.measures.map((m) => [m.name, Number(r[m.name] ?? 0)])),
    })),
  };
}

/**
 * Builds and protects every public table (families protected jointly), keeping
 * hidden what earlier releases hid (`earlier`, from ./history.ts).
 */
export async function buildPublicTables(
  db: Session,
  policy: DisclosurePolicy,
  earlier: (family: string) => EarlierReleases = () => NO_EARLIER_RELEASES,
): Promise<ProtectedTable[]> {
  const tables: CountTable[] = [];
  for (const def of PUBLIC_TABLES) tables.push(await countTable(db, def));
  return protectTables(tables, policy, earlier);
}
