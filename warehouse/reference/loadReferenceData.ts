// Loads the reference classifications shipped in warehouse/reference/ into the
// `ref` schema, replacing what is there, in one transaction. Sources and
// licences: docs/reference-data.md.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../db.ts';
import { sqlString } from '../sql.ts';
import { PAST_CODES_CSV } from './pastComuniCodes.ts';
import { REFERENCE_DIR } from './referenceDir.ts';

export { REFERENCE_DIR };

function csv(file: string): string {
  // all_varchar: codes keep their leading zeros ('001001', '01'); 'NA' (Napoli) stays a string.
  return `read_csv(${sqlString(join(REFERENCE_DIR, file))}, all_varchar = true, header = true, nullstr = '')`;
}

const STEPS: { table: string; sql: string }[] = [
  {
    table: 'ref.regions',
    sql: `select cod_regione, regione, cod_ripartizione, ripartizione, nuts1_2024, nuts2_2024 from ${csv('regioni.csv')}`,
  },
  {
    table: 'ref.provinces',
    sql: `select cod_uts, uts, sigla, tipo_uts::int, tipo_uts_descr, cod_provincia_storico, cod_regione, nuts2_2024, nuts3_2024
          from ${csv('province.csv')}`,
  },
  {
    table: 'ref.comuni',
    sql: `select codice_comune, denominazione, denominazione_it, codice_catastale, cod_uts, cod_regione, sigla,
                 capoluogo_uts = '1', nuts3_2024
          from ${csv('comuni.csv')}`,
  },
  {
    table: 'ref.comuni_crosswalk',
    // Only codes that changed; the Tripi rename keeps its code and needs no mapping.
    sql: `select codice_comune_old, codice_comune_new, codice_catastale from ${csv('comuni_crosswalk_2025.csv')}
          where codice_comune_old <> codice_comune_new`,
  },
  {
    table: 'ref.comuni_past_codes',
    // Built from ISTAT's variations since 1991 and the 2023–2024 mergers (pastComuniCodes.ts).
    sql: `select old_code, old_name, current_code, kind, effective::DATE, source_file, source_row::INTEGER
          from ${csv(PAST_CODES_CSV)}`,
  },
  {
    table: 'ref.occupations_cp2021',
    sql: `select code, level::int, parent_code, name_it from ${csv('cp2021.csv')}`,
  },
  {
    table: 'ref.occupations_isco08',
    sql: `select code, level::int, parent_code, label_en, label_it from ${csv('isco08.csv')}`,
  },
  {
    table: 'ref.occupation_major_map',
    sql: `select cp2021_major, isco08_major from ${csv('occupation_major_map.csv')}`,
  },
  {
    table: 'ref.sectors_ateco',
    sql: `select '2007' as version, codice, livello::int, codice_padre, sezione, titolo_it, null, null, null
          from ${csv('ateco_2007_agg2022.csv')}
          union all
          select '2025' as version, codice, livello::int, codice_padre, sezione, titolo_it, titolo_en, null, null
          from ${csv('ateco_2025.csv')}`,
  },
  {
    table: 'ref.isced',
    sql: `select level::int, label_it, label_en from ${csv('isced.csv')}`,
  },
  {
    table: 'ref.code_lists',
    sql: `select list, code, label_it, label_en from ${csv('code_lists.csv')}`,
  },
  {
    table: 'ref.context_labels',
    sql: `select kind, code, label_it, label_en from ${csv('context_labels.csv')}`,
  },
];

export interface ReferenceCounts {
  [table: string]: number;
}

/** Replaces every ref table with the shipped files; returns row counts. */
export async function loadReferenceData(db: Session): Promise<ReferenceCounts> {
  const counts: ReferenceCounts = {};
  await db.transaction(async (tx) => {
    const updated = await hasComuniHistory(tx);
    for (const step of STEPS) {
      // Once `reference update` has loaded an ISTAT list, that list is today's
      // territory: re-running init must not put the shipped one back over it.
      if (updated && step.table === 'ref.comuni') {
        counts[step.table] = (await tx.scalar<number>(`select count(*) from ref.comuni`)) ?? 0;
        continue;
      }
      if (step.table === 'ref.sectors_ateco') {
        // Likewise a version of ATECO loaded by `reference update` keeps its
        // history: only the versions never loaded get the shipped copy.
        const loaded = `(select substr(kind, 7) from ops.reference_loads where starts_with(kind, 'ateco_'))`;
        await tx.run(`delete from ref.sectors_ateco where version not in ${loaded}`);
        await tx.run(
          `insert into ref.sectors_ateco select * from (${step.sql}) where version not in ${loaded}`,
        );
      } else {
        await tx.run(`delete from ${step.table}`);
        await tx.run(`insert into ${step.table} ${step.sql}`);
      }
      counts[step.table] = (await tx.scalar<number>(`select count(*) from ${step.table}`)) ?? 0;
    }
    await tx.run(`delete from ops.shipped_reference`);
    await tx.run(`insert into ops.shipped_reference values ($1, now()::TIMESTAMP)`, [shippedReferenceFingerprint()]);
  });
  return counts;
}

/** SHA-256 of the shipped reference files (every `*.csv` in REFERENCE_DIR, by name), as loaded. */
export function shippedReferenceFingerprint(dir = REFERENCE_DIR): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.csv')).sort()) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex');
}

/**
 * Loads the shipped reference files when the ref schema holds none, or an
 * older copy of them (a new version of the observatory was installed);
 * returns whether it loaded (`onLoad` is called first, to say so). What
 * `reference update` loaded is kept, as loadReferenceData keeps it.
 */
export async function ensureShippedReference(db: Session, onLoad?: () => void): Promise<boolean> {
  const loaded = await db.scalar<string>(`select max(fingerprint) from ops.shipped_reference`);
  if ((await hasReferenceData(db)) && loaded === shippedReferenceFingerprint()) return false;
  onLoad?.();
  await loadReferenceData(db);
  return true;
}

/** True when the ref schema has been loaded (init has run). */
export async function hasReferenceData(db: Session): Promise<boolean> {
  return ((await db.scalar<number>(`select count(*) from ref.comuni`)) ?? 0) > 0;
}

/** True once `osservatorio reference update` has loaded an ISTAT comuni list. */
export async function hasComuniHistory(db: Session): Promise<boolean> {
  return ((await db.scalar<number>(`select count(*) from ops.reference_loads where kind = 'comuni'`)) ?? 0) > 0;
}
