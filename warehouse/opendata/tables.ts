// The predefined public tables: fixed dimensions and bands, no free filters.
// Each is computed from core with a .sql file next to this module, then goes
// through the one protected-table step (warehouse/disclosure) before any
// format is written. Tables of one family count the same population and are
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
  /** SQL common table expression the query reads (shared base of a family). */
  base?: { name: string; sql: string };
  categories: CategoryDef[];
  measures: { name: string; description: { it: string; en: string } }[];
  rates?: (Rate & { description: { it: string; en: string } })[];
}

const AGE_BANDS: Record<string, { it: string; en: string }> = {
  Y_LT25: { it: 'meno di 25 anni', en: 'under 25' },
  'Y25-34': { it: '25–34 anni', en: '25–34' },
  'Y35-49': { it: '35–49 anni', en: '35–49' },
  'Y50-64': { it: '50–64 anni', en: '50–64' },
  Y_GE65: { it: '65 anni e più', en: '65 and over' },
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
      it: 'Persone registrate presso i servizi per il lavoro per trimestre di registrazione, provincia di residenza, classe di età e cittadinanza.',
      en: 'People registering with the job centres by quarter of registration, province of residence, age band and citizenship.',
    },
    sql: sqlFile('job_seekers_age_citizenship.sql'),
    categories: [
      { name: 'age_band', labels: AGE_BANDS, description: { it: "Classe di età all'iscrizione", en: 'Age band at registration' } },
      { name: 'citizenship', list: 'citizenship', description: { it: 'Cittadinanza', en: 'Citizenship' } },
    ],
    measures: [{ name: 'job_seekers', description: { it: 'Persone registrate', en: 'People registered' } }],
  },
];

export const PUBLIC_TABLE_IDS: readonly string[] = PUBLIC_TABLES.map((t) => t.id);

export function publicTableDef(id: string): PublicTableDef | undefined {
  return PUBLIC_TABLES.find((t) => t.id === id);
}

const UNKNOWN = { it: 'Non indicato', en: 'Not stated' };

async function territoryDimension(db: Session, provinces: string[]): Promise<Dimension> {
  const rows = await db.rows<{ cod_uts: string; name: string }>(
    `select p.cod_uts, p.name from ref.provinces p where list_contains($1::VARCHAR[], p.cod_uts)`,
    [JSON.stringify(provinces)],
  );
  const dim: Dimension = { name: 'territory', parent: new Map([[TOTAL, null]]), label: new Map([[TOTAL, 'Italia']]), level: new Map([[TOTAL, 'total']]) };
  // Provinces sit directly under the national total: a region level would
  // mostly repeat a single province and force twice the suppression.
  for (const r of rows) {
    dim.parent.set(r.cod_uts, TOTAL);
    dim.label.set(r.cod_uts, r.name);
    dim.level.set(r.cod_uts, 'province');
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
