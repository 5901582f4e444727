// Matching territory codes published by ISTAT and Eurostat to ours, keeping
// the original code beside the match:
// - ISTAT ITTER107 uses *old* NUTS-2006-style codes for regions and provinces
//   (ITD55 Bologna, ITE43 Roma): matched by name through itter107_territories.csv
//   (built from ISTAT's CL_ITTER107 code list by label against our UTS/regions).
//   Sardinia's provinces stay unmatched, all of them: ITTER107 names those of
//   the old maps (Sassari with Gallura, Nuoro with Ogliastra, Sud Sardegna),
//   which are not today's provinces — official statistics use the provinces
//   of the 2021 regional reform from 1 January 2026 — so their figures keep
//   their ISTAT code in source_territory and are never filed under today's
//   province of the same name. 6-digit comune codes
//   are matched to today's comune through the warehouse's comuni (today's and
//   every past code, as `reference update` keeps them) when the caller gives
//   them, else through the shipped lists: comuni.csv, comuni_past_codes.csv
//   (codes retired since 1991) and the 2025 Sardinian crosswalk.
// - Eurostat uses NUTS 2024: NUTS3 → the province that is wholly in it and
//   alone in it (Sardinia's NUTS3 are the old provinces, each shared by two or
//   three of today's: unmatched),
//   NUTS2 → region (ITH1/ITH2 are the autonomous provinces of Bolzano/Trento),
//   NUTS1 → ripartizione, IT → Italy. Other countries are level `other`.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readShippedCsv } from '../../warehouse/reference/referenceDir.ts';
import { PAST_CODES_CSV } from '../../warehouse/reference/pastComuniCodes.ts';

export type TerritoryLevel = 'comune' | 'provincia' | 'regione' | 'ripartizione' | 'italia' | 'other';

export interface TerritoryMatch {
  level: TerritoryLevel;
  /** Our code, or null when the published territory has no match. */
  code: string | null;
}

const HERE = dirname(fileURLToPath(import.meta.url));

interface Tables {
  itter107: Map<string, TerritoryMatch>;
  nuts: Map<string, TerritoryMatch>;
  comuni: Set<string>;
  crosswalk: Map<string, string>;
}

let tables: Tables | undefined;

function load(): Tables {
  if (tables) return tables;
  const itter107 = new Map<string, TerritoryMatch>();
  for (const r of readShippedCsv('itter107_territories.csv', HERE)) {
    itter107.set(r.itter107, { level: r.territory_level as TerritoryLevel, code: r.territory_code || null });
  }
  const nuts = new Map<string, TerritoryMatch>([['IT', { level: 'italia', code: 'IT' }]]);
  for (const r of readShippedCsv('regioni.csv')) {
    nuts.set(r.nuts1_2024, { level: 'ripartizione', code: r.cod_ripartizione });
    if (!r.nuts2_2024.includes('|')) nuts.set(r.nuts2_2024, { level: 'regione', code: r.cod_regione });
  }
  const provinces = readShippedCsv('province.csv');
  // Provinces with comuni in each NUTS3 (a province spanning several lists them in nuts3_2024_multi).
  const touching = new Map<string, number>();
  for (const r of provinces)
    for (const n of r.nuts3_2024_multi ? r.nuts3_2024_multi.split('|').map((x) => x.split(':')[0]) : [r.nuts3_2024])
      touching.set(n, (touching.get(n) ?? 0) + 1);
  for (const r of provinces) {
    if (!r.nuts3_2024_multi && touching.get(r.nuts3_2024) === 1) nuts.set(r.nuts3_2024, { level: 'provincia', code: r.cod_uts });
    if (r.cod_uts === '021') nuts.set('ITH1', { level: 'provincia', code: '021' });
    if (r.cod_uts === '022') nuts.set('ITH2', { level: 'provincia', code: '022' });
  }
  const comuni = new Set(readShippedCsv('comuni.csv').map((r) => r.codice_comune));
  // Old codes: the comuni retired since 1991 (merged, moved to another
  // province), then the 2025 Sardinian renumbering.
  const crosswalk = new Map(readShippedCsv(PAST_CODES_CSV).map((r) => [r.old_code, r.current_code]));
  for (const r of readShippedCsv('comuni_crosswalk_2025.csv'))
    if (r.codice_comune_old !== r.codice_comune_new) crosswalk.set(r.codice_comune_old, r.codice_comune_new);
  tables = { itter107, nuts, comuni, crosswalk };
  return tables;
}

function comune(code: string, todayOf?: ReadonlyMap<string, string>): TerritoryMatch | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  if (todayOf) return { level: 'comune', code: todayOf.get(code) ?? null };
  const t = load();
  if (t.comuni.has(code)) return { level: 'comune', code };
  const now = t.crosswalk.get(code);
  return now ? { level: 'comune', code: now } : { level: 'comune', code: null };
}

/**
 * ISTAT ITTER107 (or REF_AREA) code → our territory. Comuni resolve through
 * `todayOf` when given — the warehouse's living reference (comuneCodes.ts),
 * which follows the lists an agency loaded — else through the shipped lists.
 */
export function matchIstatTerritory(code: string, todayOf?: ReadonlyMap<string, string>): TerritoryMatch {
  return comune(code, todayOf) ?? load().itter107.get(code) ?? { level: 'other', code: null };
}

/** Eurostat `geo` (NUTS 2024 / country) → our territory. */
export function matchEurostatTerritory(code: string): TerritoryMatch {
  return load().nuts.get(code) ?? { level: 'other', code: null };
}
