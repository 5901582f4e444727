// The territory a page is about: region → province → comune, or an office,
// read from the URL, checked against the dimensions allow-list and the
// reference lists, and turned into a filter for each KPI on the dimensions
// that KPI allows — saying so when a KPI cannot be cut at the chosen level.
//
// URL forms (all kept working, so bookmarks stay valid):
//   ?region=16&province=272&comune=072006   what the picker's GET form sends
//   ?office=BA-PFB                          an office (parents are looked up)
//   ?province=272                           the original filter of the first slice
//   ?territory=province:272                 one compact parameter (wins for its level)
import { DIMENSIONS } from '../../../../warehouse/kpi/dimensions.ts';
import type { TerritoryTree } from '../../../../warehouse/kpi/territories.ts';
import { NOT_APPLIED, printable, type ParamProblem } from '../params.ts';

export const LEVELS = ['region', 'province', 'comune', 'office'] as const;
export type TerritoryLevel = (typeof LEVELS)[number];

type Text = { it: string; en: string };

/** What the URL asks for: a code per level, '' when not chosen. */
export type TerritorySelection = Record<TerritoryLevel, string>;

export interface ParsedTerritory {
  selection: TerritorySelection;
  /** Parameters refused by the allow-list's shape check, with the value given. */
  refused: { param: TerritoryLevel | 'territory'; value: string }[];
}

export const EMPTY_SELECTION: TerritorySelection = { region: '', province: '', comune: '', office: '' };

const isLevel = (s: string): s is TerritoryLevel => (LEVELS as readonly string[]).includes(s);

/** Reads the territory from URL parameters; only values of the allow-list's shape are kept. */
export function parseTerritory(params: URLSearchParams): ParsedTerritory {
  const selection: TerritorySelection = { ...EMPTY_SELECTION };
  const refused: ParsedTerritory['refused'] = [];
  const take = (level: TerritoryLevel, raw: string | null) => {
    const value = (raw ?? '').trim();
    if (!value) return;
    if (DIMENSIONS[level].pattern.test(value)) selection[level] = value;
    else if (!refused.some((r) => r.param === level)) refused.push({ param: level, value });
  };
  for (const level of LEVELS) take(level, params.get(level));
  const compact = params.get('territory');
  if (compact) {
    const i = compact.indexOf(':');
    const level = compact.slice(0, i);
    if (i > 0 && isLevel(level)) take(level, compact.slice(i + 1));
    else refused.push({ param: 'territory', value: compact });
  }
  return { selection, refused };
}

export interface Place {
  level: TerritoryLevel;
  code: string;
  name: string;
}

export interface ResolvedTerritory {
  /** The selection made consistent: unknown codes and children of another parent dropped, parents filled in. */
  selection: TerritorySelection;
  /** Region, province, then comune or office — the chosen place last; empty for all territories. */
  chain: Place[];
  /** Why part of the request was not applied (bad shape, unknown code, place without data, comune and office both). */
  problems: ParamProblem[];
}

const LEVEL_NAME: Record<TerritoryLevel, Text> = {
  region: { it: 'regione', en: 'region' },
  province: { it: 'provincia', en: 'province' },
  comune: { it: 'comune', en: 'municipality' },
  office: { it: 'sportello / centro', en: 'office' },
};

export const levelName = (level: TerritoryLevel): Text => LEVEL_NAME[level];

/** The accepted form of each territory parameter (the allow-list's shapes, with an example). */
const CODE_FORM: Record<TerritoryLevel | 'territory', Text> = {
  region: { it: 'codice ISTAT della regione, 2 cifre, es. 16', en: 'ISTAT region code, 2 digits, e.g. 16' },
  province: { it: 'codice ISTAT della provincia, 3 cifre, es. 272', en: 'ISTAT province code, 3 digits, e.g. 272' },
  comune: { it: 'codice ISTAT del comune, 6 cifre, es. 072006', en: 'ISTAT municipality code, 6 digits, e.g. 072006' },
  office: { it: 'codice dello sportello, es. BA-PFB', en: 'office code, e.g. BA-PFB' },
  territory: { it: 'livello:codice, es. province:272', en: 'level:code, e.g. province:272' },
};

/**
 * Checks a parsed selection against the reference tree. The most specific
 * consistent choice wins upwards (a comune fills in its province and region),
 * but a parent chosen on its own wins downwards: a province outside the chosen
 * region is dropped, so changing the region in a form without JavaScript
 * starts the lower levels afresh.
 */
export function resolveTerritory(parsed: ParsedTerritory, tree: TerritoryTree): ResolvedTerritory {
  const problems: ParamProblem[] = parsed.refused.map(({ param, value }) => ({
    param,
    value: printable(value),
    problem:
      param === 'territory'
        ? { it: `territorio non valido: ${printable(value)}`, en: `invalid territory: ${printable(value)}` }
        : { it: `codice ${LEVEL_NAME[param].it} non valido: ${printable(value)}`, en: `invalid ${LEVEL_NAME[param].en} code: ${printable(value)}` },
    expected: CODE_FORM[param],
    outcome: NOT_APPLIED,
  }));
  const s = { ...parsed.selection };
  const unknown = (l: TerritoryLevel) => {
    const unlisted = l === 'province' ? tree.unlisted?.find((p) => p.code === s[l]) : undefined;
    problems.push(
      unlisted
        ? {
            param: l,
            value: s[l],
            problem: {
              it: `Provincia di ${unlisted.name} (${unlisted.code}): nessun dato per questo territorio`,
              en: `Province of ${unlisted.name} (${unlisted.code}): no data for this territory`,
            },
            expected: { it: 'una provincia con sportelli della rete (quelle del selettore)', en: 'a province with offices of the network (those in the picker)' },
            outcome: NOT_APPLIED,
          }
        : {
            param: l,
            value: s[l],
            problem: { it: `codice ${LEVEL_NAME[l].it} sconosciuto: ${s[l]}`, en: `unknown ${LEVEL_NAME[l].en} code: ${s[l]}` },
            expected: CODE_FORM[l],
            outcome: NOT_APPLIED,
          },
    );
    s[l] = '';
  };
  const office = s.office ? tree.offices.find((o) => o.code === s.office) : undefined;
  if (s.office && !office) unknown('office');
  const comune = s.comune ? tree.comuni.find((c) => c.code === s.comune) : undefined;
  // The comuni listed are those of the chosen province: a comune of another
  // province is a stale choice after the province changed, not an error.
  if (s.comune && !comune) {
    if (s.province) s.comune = '';
    else unknown('comune');
  }
  if (office && comune) {
    problems.push({
      param: 'comune',
      value: s.comune,
      problem: { it: 'scegliere un comune oppure uno sportello, non entrambi', en: 'choose a municipality or an office, not both' },
      expected: { it: 'comune oppure office', en: 'comune or office' },
      outcome: { it: 'mostro lo sportello', en: 'showing the office' },
    });
    s.comune = '';
  }
  const leaf = office ?? (s.comune ? comune : undefined);
  // Parents chosen explicitly must agree with the leaf; otherwise the parent wins.
  if (leaf && ((s.province && s.province !== leaf.province) || (s.region && s.region !== leaf.region))) {
    s.office = '';
    s.comune = '';
  } else if (leaf) {
    s.province = leaf.province;
    s.region = leaf.region;
  }
  const province = s.province ? tree.provinces.find((p) => p.code === s.province) : undefined;
  if (s.province && !province) {
    unknown('province');
    s.comune = '';
    s.office = '';
  }
  if (province) {
    if (s.region && s.region !== province.region) {
      s.province = '';
      s.comune = '';
      s.office = '';
    } else s.region = province.region;
  }
  const region = s.region ? tree.regions.find((r) => r.code === s.region) : undefined;
  if (s.region && !region) {
    unknown('region');
    s.province = s.comune = s.office = '';
  }

  const chain: Place[] = [];
  if (s.region && region) chain.push({ level: 'region', code: region.code, name: region.name });
  if (s.province && province) chain.push({ level: 'province', code: province.code, name: province.name });
  if (s.comune && comune) chain.push({ level: 'comune', code: comune.code, name: comune.name });
  if (s.office && office) chain.push({ level: 'office', code: office.code, name: office.name });
  return { selection: s, chain, problems };
}

export interface TerritoryFilter {
  filters: Record<string, string[]>;
  /** The place actually filtered on (null: all territories). */
  applied: Place | null;
  /** Said on the page when the KPI could not be cut at the chosen level. */
  note: Text | null;
}

/**
 * The filter for one KPI: the most specific place of the chain whose level
 * the KPI allows. When that is not the chosen place, the note says which
 * level was used instead — never a silent fallback.
 */
export function territoryFilter(kpiDims: readonly string[], t: ResolvedTerritory): TerritoryFilter {
  const chosen = t.chain.at(-1);
  if (!chosen) return { filters: {}, applied: null, note: null };
  for (let i = t.chain.length - 1; i >= 0; i--) {
    const place = t.chain[i]!;
    if (!kpiDims.includes(place.level)) continue;
    if (place === chosen) return { filters: { [place.level]: [place.code] }, applied: place, note: null };
    return {
      filters: { [place.level]: [place.code] },
      applied: place,
      note: {
        it: `Questo indicatore non si può calcolare per ${LEVEL_NAME[chosen.level].it} (${chosen.name}): mostrato per ${LEVEL_NAME[place.level].it} ${place.name}.`,
        en: `This indicator cannot be cut by ${LEVEL_NAME[chosen.level].en} (${chosen.name}): shown for ${LEVEL_NAME[place.level].en} ${place.name}.`,
      },
    };
  }
  return {
    filters: {},
    applied: null,
    note: {
      it: `Questo indicatore non si può calcolare per territorio: mostrato per tutti i territori, non solo per ${chosen.name}.`,
      en: `This indicator cannot be cut by territory: shown for all territories, not only ${chosen.name}.`,
    },
  };
}

/** The selection as URL parameters (for links that keep the territory, e.g. tile click-through). */
export function territoryParams(s: TerritorySelection): [string, string][] {
  return LEVELS.filter((l) => s[l]).map((l) => [l, s[l]]);
}
