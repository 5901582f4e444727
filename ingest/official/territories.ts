// Territory labels and codes as publications print them → our territory.
// Regional tables list the autonomous provinces of Bolzano and Trento in place
// of Trentino-Alto Adige, under names such as `Bolzano/Bolzen`, `P.A. Trento`
// or plain `Trento`: at level `regione` a name resolves against the regions
// and the two autonomous provinces (as provinces, cod_uts 021/022). Bilingual
// names match on either half (`Bolzano/Bozen`, `Valle d'Aosta/Vallée
// d'Aoste`). A label the mapping declares a total resolves to Italy (IT); one
// it declares not assignable (N.D.) to ND; anything else that does not
// resolve is refused by the caller — never dropped, never guessed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { REFERENCE_DIR } from '../../warehouse/reference/loadReferenceData.ts';
import { labelKey } from './labels.ts';

export type OfficialTerritoryLevel =
  'italia' | 'regione' | 'provincia' | 'comune' | 'non_ripartibile';

export interface ResolvedTerritory {
  level: OfficialTerritoryLevel;
  code: string;
}

export const ITALY: ResolvedTerritory = { level: 'italia', code: 'IT' };
export const NOT_ASSIGNABLE: ResolvedTerritory = { level: 'non_ripartibile', code: 'ND' };

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(REFERENCE_DIR, file)), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
}

/** `P.A. Trento`, `Provincia autonoma di Bolzano` → the name without the prefix. */
function withoutAutonomyPrefix(key: string): string {
  return key.replace(/^(p\.\s*a\.|p\.a\.|pa|provincia autonoma( di)?|prov\. aut\.( di)?)\s+/, '');
}

/** Every comparison key of an ISTAT name: whole, and each half of a bilingual name. */
function keysOf(name: string): string[] {
  const whole = labelKey(name);
  return [whole, ...name.split('/').map(labelKey)].filter((k, i, all) => k && all.indexOf(k) === i);
}

interface NameIndex {
  /** key → territories with that name (more than one: ambiguous). */
  byKey: Map<string, ResolvedTerritory[]>;
  codes: Map<string, ResolvedTerritory>;
}

const indexes = new Map<string, NameIndex>();

function add(index: NameIndex, name: string, t: ResolvedTerritory): void {
  for (const k of keysOf(name)) {
    const list = index.byKey.get(k) ?? [];
    if (!list.some((x) => x.level === t.level && x.code === t.code)) list.push(t);
    index.byKey.set(k, list);
  }
}

function indexFor(level: 'regione' | 'provincia' | 'comune'): NameIndex {
  const cached = indexes.get(level);
  if (cached) return cached;
  const index: NameIndex = { byKey: new Map(), codes: new Map() };
  if (level === 'regione') {
    for (const r of readCsv('regioni.csv')) {
      const t: ResolvedTerritory = { level: 'regione', code: r.cod_regione };
      add(index, r.regione, t);
      index.codes.set(r.cod_regione, t);
    }
    for (const p of readCsv('province.csv').filter((x) => x.tipo_uts === '2')) {
      add(index, p.uts, { level: 'provincia', code: p.cod_uts });
    }
  } else if (level === 'provincia') {
    for (const p of readCsv('province.csv')) {
      const t: ResolvedTerritory = { level: 'provincia', code: p.cod_uts };
      add(index, p.uts, t);
      index.codes.set(p.cod_uts, t);
    }
  } else {
    for (const c of readCsv('comuni.csv')) {
      const t: ResolvedTerritory = { level: 'comune', code: c.codice_comune };
      add(index, c.denominazione, t);
      index.codes.set(c.codice_comune, t);
    }
  }
  indexes.set(level, index);
  return index;
}

/**
 * A bilingual label whose halves are spelt differently from ISTAT's
 * (`Bolzano/Bolzen` for `Bolzano/Bozen`): the halves that resolve must all
 * name the same territory; none resolving is unknown.
 */
function byHalves(index: NameIndex, printed: string): ResolvedTerritory[] | undefined {
  if (!printed.includes('/')) return undefined;
  const found = printed
    .split('/')
    .map((half) => index.byKey.get(withoutAutonomyPrefix(labelKey(half))))
    .filter((x): x is ResolvedTerritory[] => x !== undefined);
  if (found.length === 0) return undefined;
  const all = found
    .flat()
    .filter((t, i, list) => list.findIndex((u) => u.level === t.level && u.code === t.code) === i);
  return all;
}

export type TerritoryOutcome =
  { ok: true; territory: ResolvedTerritory } | { ok: false; reason: 'unknown' | 'ambiguous' };

export interface TerritoryRules {
  by: 'name' | 'code';
  level: 'regione' | 'provincia' | 'comune';
  /** Comparison keys of the labels that mean the national total. */
  totals: Set<string>;
  /** Comparison keys of the labels that mean "not assignable to a territory". */
  notAvailable: Set<string>;
  /** Comparison key → territory, for variants the ISTAT names do not cover. */
  variants: Map<string, ResolvedTerritory>;
}

/** One printed territory → ours, by the mapping's rules. */
export function resolveTerritory(printed: string, rules: TerritoryRules): TerritoryOutcome {
  const key = labelKey(printed);
  if (rules.totals.has(key)) return { ok: true, territory: ITALY };
  if (rules.notAvailable.has(key)) return { ok: true, territory: NOT_ASSIGNABLE };
  const variant = rules.variants.get(key);
  if (variant) return { ok: true, territory: variant };
  const index = indexFor(rules.level);
  if (rules.by === 'code') {
    const t = index.codes.get(printed.trim());
    return t ? { ok: true, territory: t } : { ok: false, reason: 'unknown' };
  }
  const found =
    index.byKey.get(key) ?? index.byKey.get(withoutAutonomyPrefix(key)) ?? byHalves(index, printed);
  if (!found) return { ok: false, reason: 'unknown' };
  if (found.length > 1) return { ok: false, reason: 'ambiguous' };
  return { ok: true, territory: found[0] };
}
