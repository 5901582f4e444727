// Territory labels and codes as publications print them → our territory.
// Regional tables list the autonomous provinces of Bolzano and Trento in place
// of Trentino-Alto Adige, under names such as `Bolzano/Bolzen`, `P.A. Trento`
// or plain `Trento`: at level `regione` a name resolves against the regions
// and the two autonomous provinces (as provinces, cod_uts 021/022). Bilingual
// names match on either half (`Bolzano/Bozen`, `Valle d'Aosta/Vallée
// d'Aoste`). Comuni resolve against the warehouse's living reference
// (comuneReference.ts): a past code or a past comune's name resolves to the
// comune of today that holds its territory, and the caller judges the printed
// code against the row's period. A label the mapping declares a total
// resolves to Italy (IT); one it declares not assignable (N.D.) to ND;
// anything else that does not resolve is refused by the caller — never
// dropped, never guessed.
import { readShippedCsv } from '../../warehouse/reference/referenceDir.ts';
import type { ComuneReference } from './comuneReference.ts';
import { labelKey } from './labels.ts';
import { isPastSardinianProvince } from './sardinianProvinces.ts';

export type OfficialTerritoryLevel =
  'italia' | 'regione' | 'provincia' | 'comune' | 'non_ripartibile';

export interface ResolvedTerritory {
  level: OfficialTerritoryLevel;
  code: string;
  /**
   * A comune as the publication meant it, today's or a past one: the printed
   * code, or the code of the comune the printed name names. It is judged
   * against the row's period, and tells two past comuni rolled up into one
   * apart from the same comune printed twice.
   */
  sourceCode?: string;
}

export const ITALY: ResolvedTerritory = { level: 'italia', code: 'IT' };
export const NOT_ASSIGNABLE: ResolvedTerritory = { level: 'non_ripartibile', code: 'ND' };

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
    if (
      !list.some((x) => x.level === t.level && x.code === t.code && x.sourceCode === t.sourceCode)
    )
      list.push(t);
    index.byKey.set(k, list);
  }
}

function indexFor(level: 'regione' | 'provincia'): NameIndex {
  const cached = indexes.get(level);
  if (cached) return cached;
  const index: NameIndex = { byKey: new Map(), codes: new Map() };
  if (level === 'regione') {
    for (const r of readShippedCsv('regioni.csv')) {
      const t: ResolvedTerritory = { level: 'regione', code: r.cod_regione };
      add(index, r.regione, t);
      index.codes.set(r.cod_regione, t);
    }
    for (const p of readShippedCsv('province.csv').filter((x) => x.tipo_uts === '2')) {
      add(index, p.uts, { level: 'provincia', code: p.cod_uts });
    }
  } else {
    const provinces = readShippedCsv('province.csv');
    for (const p of provinces) {
      const t: ResolvedTerritory = { level: 'provincia', code: p.cod_uts };
      add(index, p.uts, t);
      index.codes.set(p.cod_uts, t);
    }
    // Many publications print the historical province code (`001` Torino,
    // `037` Bologna) where the metropolitan cities have UTS codes of their own
    // (201, 237): each names one of today's provinces and no other's UTS code.
    for (const p of provinces)
      if (!index.codes.has(p.cod_provincia_storico))
        index.codes.set(p.cod_provincia_storico, index.codes.get(p.cod_uts)!);
  }
  indexes.set(level, index);
  return index;
}

/** Names of today's comuni, and apart those of past comuni (today's name wins where both match). */
interface ComuneIndexes {
  today: NameIndex;
  past: NameIndex;
}

const comuneIndexes = new WeakMap<ComuneReference, ComuneIndexes>();

function comuneIndexFor(reference: ComuneReference): ComuneIndexes {
  const cached = comuneIndexes.get(reference);
  if (cached) return cached;
  const today: NameIndex = { byKey: new Map(), codes: new Map() };
  const past: NameIndex = { byKey: new Map(), codes: new Map() };
  for (const c of reference.names)
    add(today, c.name, { level: 'comune', code: c.code, sourceCode: c.code });
  for (const c of reference.pastNames)
    add(past, c.name, { level: 'comune', code: c.code, sourceCode: c.pastCode });
  const built = { today, past };
  comuneIndexes.set(reference, built);
  return built;
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
  | { ok: true; territory: ResolvedTerritory }
  | { ok: false; reason: 'unknown' | 'ambiguous' | 'province_reorganised' };

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

/** Name lookup in one index: whole, without an autonomy prefix, then by the halves of a bilingual label. */
function byName(index: NameIndex, printed: string, key: string): ResolvedTerritory[] | undefined {
  return (
    index.byKey.get(key) ?? index.byKey.get(withoutAutonomyPrefix(key)) ?? byHalves(index, printed)
  );
}

/**
 * A comune by code (today's or a past one, resolved to today's comune and
 * keeping the printed code) or by name (today's names first, then past
 * comuni's).
 */
function resolveComune(
  printed: string,
  key: string,
  by: TerritoryRules['by'],
  reference: ComuneReference,
): ResolvedTerritory[] | undefined {
  if (by === 'code') {
    const code = printed.trim();
    const today = reference.todayOf.get(code);
    return today ? [{ level: 'comune', code: today, sourceCode: code }] : undefined;
  }
  const { today, past } = comuneIndexFor(reference);
  return byName(today, printed, key) ?? byName(past, printed, key);
}

/**
 * The comuni reference a comune-level mapping resolves against was not given:
 * a programming error of the caller (the load path always gives it).
 */
export class ComuneReferenceMissing extends Error {
  readonly code = 'COMUNE_REFERENCE_MISSING';
}

/** One printed territory → ours, by the mapping's rules (comuni: against `comuni`). */
export function resolveTerritory(
  printed: string,
  rules: TerritoryRules,
  comuni?: ComuneReference,
): TerritoryOutcome {
  const key = labelKey(printed);
  if (rules.totals.has(key)) return { ok: true, territory: ITALY };
  if (rules.notAvailable.has(key)) return { ok: true, territory: NOT_ASSIGNABLE };
  const variant = rules.variants.get(key);
  if (variant) return { ok: true, territory: variant };
  let found: ResolvedTerritory[] | undefined;
  if (rules.level === 'comune') {
    if (!comuni)
      throw new ComuneReferenceMissing(
        'a comune-level mapping resolves comuni against the warehouse reference; open a warehouse and pass its comuni',
      );
    found = resolveComune(printed, key, rules.by, comuni);
  } else {
    const index = indexFor(rules.level);
    if (rules.by === 'code') {
      const t = index.codes.get(printed.trim());
      found = t ? [t] : undefined;
    } else found = byName(index, printed, key);
  }
  if (!found)
    return {
      ok: false,
      reason:
        rules.level === 'provincia' && isPastSardinianProvince(printed, rules.by)
          ? 'province_reorganised'
          : 'unknown',
    };
  if (found.length === 1) return { ok: true, territory: found[0] };
  // One name for several past codes of what is one comune today (a comune
  // that changed province twice): the territory is known, its code at the
  // time is not, so it is not judged by date.
  const [first] = found;
  if (found.every((t) => t.level === first.level && t.code === first.code))
    return { ok: true, territory: { level: first.level, code: first.code } };
  return { ok: false, reason: 'ambiguous' };
}
