// OpenCoesione "localizzazioni" (where each project takes place) → the
// project_places feed. The file is read as published: `;`-separated, one row
// per project and place, ISTAT codes of region, province and comune in three
// columns (COD_COMUNE is the comune's number inside its province: Bari is
// province 072, comune 006 → 072006), and OC_TERRITORIO_PROG giving the level
// (C comune, P province, R region, N national, E abroad; E with region 999 is
// OpenCoesione's "nessuna localizzazione"). Codes are 3-character strings in
// the publication; copies that went through a spreadsheet or a database lose
// the leading zeros (`72` for `072`), which are put back — the width is fixed
// by the dictionary, so nothing is guessed. Anything else that cannot be read
// (a letter in a code, an unknown level, a comune that is in no ISTAT list, a
// comune filed under another region) refuses the whole file with row and
// column. Street addresses (INDIRIZZO_PROG, CAP_PROG) are not read.
import { basename, join } from 'node:path';
import { FeedFileWriter, readRecords } from './csv.ts';
import { comuneCodes, type ComuneCodes } from './comuneCodes.ts';
import { IssueList, NoteCounter } from './issueList.ts';
import { dateFromFileName } from './opencoesione.ts';
import { PublicFileRefused, type Connector } from './types.ts';

const LEVELS: Readonly<Record<string, string>> = {
  C: 'comune',
  P: 'provincia',
  R: 'regione',
  N: 'nazionale',
  E: 'estero',
};
/** Region codes OpenCoesione uses outside Italy's regions. */
const ABROAD = '998';
const NOT_PLACED = '999';

const RULE_TEXT: Record<string, string> = {
  local_code_missing: 'the row has no project code (COD_LOCALE_PROGETTO): the place cannot be linked to a project',
  code_unreadable:
    'this code is not an ISTAT code of the width the OpenCoesione dictionary gives (digits only, at most 3; a comune may also be its full 6-digit code)',
  place_level_unknown: 'the level is none of C, P, R, N, E (OC_TERRITORIO_PROG)',
  region_unknown: 'this region code is not an Italian region (01–20), nor 998 (abroad) or 999 (no place) with level E',
  province_unknown: 'this province code is in no ISTAT list loaded (today’s or the pre-2025 Sardinian provinces)',
  comune_unknown:
    'this comune (province + comune code) is in no ISTAT list loaded: not today’s, not a pre-2025 Sardinian code, not a past code of the comuni history',
  region_mismatch: 'the comune lies in another region than the row says',
};

const COLUMNS = [
  'local_code',
  'place_level',
  'territory_code',
  'comune_code',
  'province_code',
  'region_code',
  'place_name',
  'as_of',
] as const;

const norm = (h: string) => h.replace(/^\uFEFF/, '').trim().toUpperCase();

/** A published code of at most `width` digits → zero-padded; '' → null; anything else → undefined. */
export function paddedCode(raw: string, width: number): string | null | undefined {
  const v = raw.trim();
  if (v === '') return null;
  if (!/^\d+$/.test(v) || v.length > width) return undefined;
  return v.padStart(width, '0');
}

export const openCoesioneLocalizzazioni: Connector = {
  name: 'opencoesione_localizzazioni',
  matches(headers) {
    const h = new Set(headers.map(norm));
    return (
      h.has('COD_LOCALE_PROGETTO') &&
      h.has('COD_REGIONE') &&
      h.has('COD_PROVINCIA') &&
      h.has('COD_COMUNE') &&
      (h.has('OC_TERRITORIO_PROG') || h.has('DPS_TERRITORIO_PROG')) &&
      !h.has('CUP')
    );
  },
  async toFeedFiles(path, outDir, context) {
    const codes: ComuneCodes | undefined = context?.wh ? await comuneCodes(context.wh) : undefined;
    const stem = basename(path).replace(/\.[^.]*$/, '');
    const asOf = dateFromFileName(path);
    const issues = new IssueList(RULE_TEXT);
    const notes = new NoteCounter();
    const seen = new Set<string>();
    const out = new FeedFileWriter(join(outDir, `project_places_oc_${stem}.csv`), [...COLUMNS]);
    let at: Record<string, number> | undefined;
    let row = 0;
    try {
      for await (const r of readRecords(path, context?.checksum)) {
        row++;
        if (!at) {
          const H = r.map(norm);
          const idx = (...names: string[]) => names.map((n) => H.indexOf(n)).find((i) => i >= 0) ?? -1;
          at = {
            local: idx('COD_LOCALE_PROGETTO'),
            reg: idx('COD_REGIONE'),
            denReg: idx('DEN_REGIONE'),
            prov: idx('COD_PROVINCIA'),
            denProv: idx('DEN_PROVINCIA'),
            com: idx('COD_COMUNE'),
            denCom: idx('DEN_COMUNE'),
            level: idx('OC_TERRITORIO_PROG', 'DPS_TERRITORIO_PROG'),
          };
          continue;
        }
        const cell = (k: string) => (at![k] >= 0 ? (r[at![k]] ?? '').trim() : '');
        const local = cell('local');
        if (!local) {
          issues.add('local_code_missing', row, 'COD_LOCALE_PROGETTO');
          continue;
        }
        const letter = cell('level').toUpperCase();
        let level = LEVELS[letter];
        if (!level) {
          issues.add('place_level_unknown', row, 'OC_TERRITORIO_PROG');
          continue;
        }
        const region3 = paddedCode(cell('reg'), 3);
        if (region3 === undefined) {
          issues.add('code_unreadable', row, 'COD_REGIONE');
          continue;
        }
        let territory: string;
        let comune: string | null = null;
        let province: string | null = null;
        let region: string | null = null;
        let name: string;
        if (letter === 'N') {
          territory = 'IT';
          name = cell('denReg') || cell('denCom');
        } else if (letter === 'E') {
          if (region3 === NOT_PLACED) {
            level = 'non_localizzato';
            territory = 'ND';
          } else if (region3 === ABROAD) {
            const country = paddedCode(cell('com'), 3);
            if (!country) {
              issues.add('code_unreadable', row, 'COD_COMUNE');
              continue;
            }
            territory = `ESTERO-${country}`;
          } else {
            issues.add('region_unknown', row, 'COD_REGIONE');
            continue;
          }
          name = cell('denCom') || cell('denReg');
        } else {
          const n = Number(region3 ?? '0');
          if (!(n >= 1 && n <= 20)) {
            issues.add('region_unknown', row, 'COD_REGIONE');
            continue;
          }
          region = String(n).padStart(2, '0');
          territory = region;
          name = cell('denReg');
          if (letter !== 'R') {
            province = paddedCode(cell('prov'), 3) ?? null;
            if (!province || !/^\d{3}$/.test(province) || province === '000' || province === '900') {
              issues.add('code_unreadable', row, 'COD_PROVINCIA');
              continue;
            }
            if (codes && !codes.provinces.has(province)) {
              issues.add('province_unknown', row, 'COD_PROVINCIA');
              continue;
            }
            territory = province;
            name = cell('denProv');
          }
          if (letter === 'C') {
            const raw = cell('com');
            const full = /^\d{6}$/.test(raw) && raw.startsWith(province!) ? raw : undefined;
            const within = full ? undefined : paddedCode(raw, 3);
            if (!full && (!within || within === '000' || within === '900')) {
              issues.add('code_unreadable', row, 'COD_COMUNE');
              continue;
            }
            comune = full ?? `${province}${within}`;
            const regionToday = codes?.regionOf.get(comune);
            if (codes && !regionToday) {
              issues.add('comune_unknown', row, 'COD_COMUNE');
              continue;
            }
            if (regionToday && regionToday !== region) {
              issues.add('region_mismatch', row, 'COD_REGIONE');
              continue;
            }
            territory = comune;
            name = cell('denCom');
          }
        }
        const key = `${local}\u0000${level}\u0000${territory}`;
        if (seen.has(key)) {
          notes.add('repeated_place_merged', 'rows repeating a place already listed for the same project merged (first kept)', row);
          continue;
        }
        seen.add(key);
        if (issues.any) continue;
        await out.write([local, level, territory, comune, province, region, name || territory, asOf]);
      }
    } finally {
      await out.close();
    }
    if (issues.any) throw new PublicFileRefused(issues.all);
    return [
      {
        feed: 'project_places',
        file: out.path,
        notes: notes.all,
        // Project codes such as 4MISECDI_00000429 look like phone numbers to the
        // guard, and printed place names are public: neither holds a person.
        publicColumns: ['local_code', 'place_name', 'territory_code'],
      },
    ];
  },
};
