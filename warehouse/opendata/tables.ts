// The predefined public tables: fixed dimensions and bands, no free filters.
// Each is computed from the KPI marts (never from core) with a .sql file next
// to this module, then goes through the one protected-table step
// (warehouse/disclosure) before any format is written. Tables of one family count the same population and are
// protected jointly, so a margin they share cannot be used to unpick either.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../db.ts';
import { protectTables, TOTAL, type CountTable, type Dimension, type DisclosurePolicy, type ProtectedTable, type Rate } from '../disclosure/index.ts';

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

const placementsBase = { name: 'placements_base', sql: sqlFile('placements_base.sql') };

export const PUBLIC_TABLES: readonly PublicTableDef[] = [
  {
    id: 'placements_province_quarter_gender',
    family: 'placements',
    title: { it: 'Inserimenti lavorativi per provincia, trimestre e genere', en: 'Placements by province, quarter and gender' },
    description: {
      it: 'Rapporti di lavoro avviati da persone seguite dai servizi per il lavoro, per trimestre di inizio, provincia del luogo di lavoro e genere.',
      en: 'Employment spells started by people served by the job centres, by quarter of start, province of the workplace and gender.',
    },
    sql: sqlFile('placements_gender.sql'),
    marts: ['placement_quality'],
    base: placementsBase,
    categories: [{ name: 'gender', list: 'gender', description: { it: 'Genere della persona', en: 'Gender of the person' } }],
    measures: [{ name: 'placements', description: { it: 'Numero di inserimenti', en: 'Number of placements' } }],
  },
  {
    id: 'placements_province_quarter_contract',
    family: 'placements',
    title: { it: 'Inserimenti lavorativi per provincia, trimestre e tipo di contratto', en: 'Placements by province, quarter and contract type' },
    description: {
      it: 'Gli stessi inserimenti della tabella per genere, per tipo di contratto.',
      en: 'The same placements as the table by gender, by contract type.',
    },
    sql: sqlFile('placements_contract.sql'),
    marts: ['placement_quality'],
    base: placementsBase,
    categories: [{ name: 'contract_type', list: 'contract_type', description: { it: 'Tipo di contratto', en: 'Contract type' } }],
    measures: [{ name: 'placements', description: { it: 'Numero di inserimenti', en: 'Number of placements' } }],
  },
  {
    id: 'vacancies_province_quarter_occupation',
    family: 'vacancies',
    title: { it: 'Offerte di lavoro per provincia, trimestre e grande gruppo professionale', en: 'Vacancies by province, quarter and occupation major group' },
    description: {
      it: 'Offerte pubblicate tramite i servizi per il lavoro per trimestre di pubblicazione, provincia e grande gruppo CP2021; chiuse e coperte.',
      en: 'Vacancies published through the job centres by quarter of publication, province and CP2021 major group; closed and filled.',
    },
    sql: sqlFile('vacancies_occupation.sql'),
    marts: ['vacancy_outcomes'],
    categories: [{ name: 'occupation_major', description: { it: 'Grande gruppo professionale CP2021', en: 'CP2021 occupation major group' } }],
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
    id: 'job_seekers_province_quarter_age_citizenship',
    family: 'job_seekers',
    title: { it: 'Persone in cerca di lavoro per provincia, trimestre, età e cittadinanza', en: 'Job seekers by province, quarter, age band and citizenship' },
    description: {
      it: 'Iscrizioni presso i servizi per il lavoro per trimestre di iscrizione, provincia del centro, classe di età (età raggiunta nell\'anno dei dati) e cittadinanza.',
      en: 'Registrations with the job centres by quarter of registration, province of the office, age band (age reached in the data year) and citizenship.',
    },
    sql: sqlFile('job_seekers_age_citizenship.sql'),
    marts: ['service_funnel'],
    categories: [
      { name: 'age_band', labels: AGE_BANDS, description: { it: "Classe di età (età raggiunta nell'anno dei dati)", en: 'Age band (age reached in the data year)' } },
      { name: 'citizenship', list: 'citizenship', description: { it: 'Cittadinanza', en: 'Citizenship' } },
    ],
    measures: [{ name: 'job_seekers', description: { it: 'Iscrizioni (una persona iscritta due volte conta due volte)', en: 'Registrations (a person registering twice counts twice)' } }],
  },
];

export const PUBLIC_TABLE_IDS: readonly string[] = PUBLIC_TABLES.map((t) => t.id);

export function publicTableDef(id: string): PublicTableDef | undefined {
  return PUBLIC_TABLES.find((t) => t.id === id);
}

const UNKNOWN = { it: 'Non indicato', en: 'Not stated' };
const UNKNOWN_CODE = 'unknown';

async function territoryDimension(db: Session, provinces: string[]): Promise<Dimension> {
  const rows = await db.rows<{ cod_uts: string; name: string; cod_regione: string; region_name: string }>(
    `select p.cod_uts, p.name, p.cod_regione, r.name as region_name
       from ref.provinces p join ref.regions r using (cod_regione)
      where list_contains($1::VARCHAR[], p.cod_uts)`,
    [JSON.stringify(provinces)],
  );
  const dim: Dimension = { name: 'territory', parent: new Map([[TOTAL, null]]), label: new Map([[TOTAL, 'Italia']]), level: new Map([[TOTAL, 'total']]) };
  // Italy ⊃ region ⊃ province: three published levels, so a province hidden
  // under its region must survive the region total and the national total.
  for (const r of rows) {
    dim.parent.set(r.cod_regione, TOTAL);
    dim.label.set(r.cod_regione, r.region_name);
    dim.level.set(r.cod_regione, 'region');
    dim.parent.set(r.cod_uts, r.cod_regione);
    dim.label.set(r.cod_uts, r.name);
    dim.level.set(r.cod_uts, 'province');
  }
  // Rows whose territory the marts could not resolve count in the national total only.
  if (provinces.includes(UNKNOWN_CODE)) {
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
  } else if (def.name === 'occupation_major') {
    for (const r of await db.rows<{ code: string; name_it: string }>(`select code, name_it from ref.occupations_cp2021 where level = 1`)) {
      labels.set(r.code, r.name_it);
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

/** Builds and protects every public table (families protected jointly). */
export async function buildPublicTables(db: Session, policy: DisclosurePolicy): Promise<ProtectedTable[]> {
  const tables: CountTable[] = [];
  for (const def of PUBLIC_TABLES) tables.push(await countTable(db, def));
  return protectTables(tables, policy);
}
