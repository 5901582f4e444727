// The changes of province boundaries since 1991, read from the AP rows
// (cambio di appartenenza provinciale) of ISTAT's shipped "Variazioni
// amministrative e territoriali dal 1991": on a date, a group of comuni left
// one province for another. Two kinds, which a figure published on the
// territories of its own period must be told apart by:
//
//   creation  the comuni formed a new province (Monza e della Brianza out of
//             Milano on 30 June 2009, Rimini out of Forlì in 1992). Before
//             that date the new province did not exist and its parent was a
//             larger territory: no figure of either can be filed under today's
//             province;
//   transfer  a few comuni passed between two provinces that existed before
//             and after (Montecopiolo and Sassofeltrio from Pesaro e Urbino to
//             Rimini, and so from Marche to Emilia-Romagna, on 17 June 2021):
//             the figure is of the same province, on slightly other borders.
//
// A group is a creation when it brings the destination's comune numbered 001:
// ISTAT numbers the comuni of a new province from 001 in alphabetical order
// when it is formed, and gives a comune that joins an existing province the
// number after the highest in use (Sappada became 030190 in Udine). Sardinia
// is left out: its codes were reused (Aggius 090001 → 104001 → 090001) and
// its provinces are judged by the reform that redrew them all
// (sardinianProvinces.ts in the official-data loader).
//
// Rows from 1992 and 2006 carry no date of effect; the change is then placed
// on 1 January of ISTAT's year, so a period of that year gets the benefit of
// the doubt, as a comune's validity does between two lists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIstatVariations } from './istatVariationsFile.ts';
import { REFERENCE_DIR, readShippedCsv } from './referenceDir.ts';

export const ISTAT_VARIATIONS_CSV = 'variazioni_istat_dal_1991.csv';
const SARDINIA = '20';

/** One group of comuni that moved province on one date. */
export interface ProvinceChange {
  kind: 'creation' | 'transfer';
  /** Date of effect, YYYY-MM-DD (1 January of ISTAT's year where the file gives none). */
  on: string;
  /** Today's province (cod_uts) the comuni left, and its region. */
  from: { province: string; region: string };
  /** Today's province (cod_uts) the comuni joined, and its region. */
  to: { province: string; region: string };
  /** Names of the comuni that moved, as ISTAT wrote them then. */
  comuni: string[];
}

let cached: ProvinceChange[] | undefined;

/** Every change of province boundaries outside Sardinia since 1991, oldest first. */
export function provinceChanges(): ProvinceChange[] {
  cached ??= readProvinceChanges();
  return cached;
}

function readProvinceChanges(): ProvinceChange[] {
  const provinces = readShippedCsv('province.csv');
  const today = new Map(
    provinces.map((p) => [p.cod_provincia_storico, { province: p.cod_uts, region: p.cod_regione }]),
  );
  const file = parseIstatVariations(
    readFileSync(join(REFERENCE_DIR, ISTAT_VARIATIONS_CSV)),
    ISTAT_VARIATIONS_CSV,
  );
  const groups = new Map<
    string,
    { on: string; from: string; to: string; comuni: string[]; codes: string[] }
  >();
  for (const c of file.codeChanges) {
    if (c.type !== 'AP') continue;
    const [from, to] = [c.oldCode.slice(0, 3), c.newCode.slice(0, 3)];
    const on = c.effective ?? `${c.year}-01-01`;
    const key = `${on} ${from} ${to}`;
    const g = groups.get(key) ?? { on, from, to, comuni: [], codes: [] };
    g.comuni.push(c.name);
    g.codes.push(c.newCode);
    groups.set(key, g);
  }
  // A new province may be formed from several (Barletta-Andria-Trani from Bari
  // and Foggia): every group into it on the day its 001 arrives is part of it.
  const created = new Set(
    [...groups.values()]
      .filter((g) => g.codes.includes(`${g.to}001`))
      .map((g) => `${g.on} ${g.to}`),
  );
  const changes: ProvinceChange[] = [];
  for (const g of groups.values()) {
    const from = today.get(g.from);
    const to = today.get(g.to);
    // A province no longer in the list is one of Sardinia's earlier maps.
    if (!from || !to || from.region === SARDINIA || to.region === SARDINIA) continue;
    changes.push({
      kind: created.has(`${g.on} ${g.to}`) ? 'creation' : 'transfer',
      on: g.on,
      from,
      to,
      comuni: g.comuni.sort((a, b) => a.localeCompare(b, 'it')),
    });
  }
  return changes.sort(
    (a, b) =>
      a.on.localeCompare(b.on) ||
      a.to.province.localeCompare(b.to.province) ||
      a.from.province.localeCompare(b.from.province),
  );
}
