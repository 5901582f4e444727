// OpenCoesione programme allocations ("dotazioni") → the
// programme_allocations feed. The table is read as published: `,`-separated,
// one row per programme × fund × category of region, then a pair of columns
// per reference date (` DOTAZIONE TOTALE PROGRAMMA 20160930 `, ` DOTAZIONE UE
// PROGRAMMA 20160930 `, spaces included) holding amounts with English
// thousands commas (`"1,849,829,507"`). It is a spreadsheet with merged cells
// saved as CSV: a programme with several funds or categories prints its code
// and name on its first row only, and a fund or category spanning rows on the
// first of them; an empty cell there means "as the row above, same
// programme", which is how the layout reads, not a guess. Codes carry a `CCI `
// prefix, dropped. The closing `Totale` / `di cui …` rows sum the table: they
// are counted in the report, not loaded. An amount not printed at a date is
// no figure (never 0). Anything that cannot be read refuses the whole file
// with row and column: a number not in English grouping, a column that is
// neither a label nor a dated amount, a first row without programme, fund or
// category, the same programme, fund, category and date twice.
import { basename, join } from 'node:path';
import { FeedFileWriter, isoFromCompactDate, readRecords } from './csv.ts';
import { IssueList, NoteCounter } from './issueList.ts';
import { PublicFileRefused, type Connector } from './types.ts';
import { feedDecimal, readNumber } from '../official/numbers.ts';

const LABELS = ['OC_CODICE_PROGRAMMA', 'OC_DESCRIZIONE_PROGRAMMA', 'FONDO', 'OC_AREA_OBIETTIVO_UE'] as const;
const AMOUNT = /^DOTAZIONE (TOTALE|UE) PROGRAMMA (\d{8})$/;
/** Labels of the closing rows that sum the table (in the fund column, code and name empty). */
const TOTAL_ROW = /^(totale|di cui\b)/i;

const RULE_TEXT: Record<string, string> = {
  column_unknown:
    'this column is neither a programme label (OC_CODICE_PROGRAMMA, OC_DESCRIZIONE_PROGRAMMA, FONDO, OC_AREA_OBIETTIVO_UE) nor a dated amount (DOTAZIONE TOTALE|UE PROGRAMMA YYYYMMDD)',
  date_unreadable: 'the date in this column header is not a calendar date (YYYYMMDD)',
  programme_missing: 'the row has no programme code and no row above it names one',
  fund_missing: 'the row has no fund and no earlier row of the same programme gives one',
  category_missing: 'the row has no category of region and no earlier row of the same programme gives one',
  number_ambiguous:
    'this amount cannot be read without guessing: the table groups thousands with commas in threes (1,234,567) and uses a dot for decimals',
  number_unreadable: 'this amount is not a number',
  duplicate_allocation: 'the same programme, fund, category of region and date appear twice',
};

const COLUMNS = ['programme_code', 'programme_name', 'fund', 'region_category', 'as_of', 'total_amount', 'eu_amount'] as const;

const norm = (h: string) => h.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toUpperCase();

export const openCoesioneDotazioni: Connector = {
  name: 'opencoesione_dotazioni',
  matches(headers) {
    const h = headers.map(norm);
    return LABELS.every((l) => h.includes(l)) && h.some((x) => AMOUNT.test(x));
  },
  async toFeedFiles(path, outDir, context) {
    const stem = basename(path).replace(/\.[^.]*$/, '');
    const issues = new IssueList(RULE_TEXT);
    const notes = new NoteCounter();
    const out = new FeedFileWriter(join(outDir, `programme_allocations_oc_${stem}.csv`), [...COLUMNS]);
    let header: string[] | undefined;
    /** Per date: the column of the total and of the EU share. */
    const dates = new Map<string, { total?: number; eu?: number }>();
    const at: Record<string, number> = {};
    const seen = new Set<string>();
    let prev: { code: string; name: string; fund: string; category: string } | undefined;
    let row = 0;
    try {
      for await (const r of readRecords(path, context?.checksum)) {
        row++;
        if (!header) {
          header = r;
          r.forEach((raw, i) => {
            const h = norm(raw);
            if (h === '') return;
            const label = LABELS.find((l) => l === h);
            if (label) {
              at[label] = i;
              return;
            }
            const m = AMOUNT.exec(h);
            const iso = m ? isoFromCompactDate(m[2]) : null;
            if (!m) issues.add('column_unknown', 1, raw.trim());
            else if (!iso || Number.isNaN(Date.parse(iso)) || new Date(iso).toISOString().slice(0, 10) !== iso)
              issues.add('date_unreadable', 1, raw.trim());
            else {
              const d = dates.get(iso) ?? {};
              d[m[1] === 'TOTALE' ? 'total' : 'eu'] = i;
              dates.set(iso, d);
            }
          });
          if (issues.any) break;
          continue;
        }
        const cell = (i: number | undefined) => (i === undefined ? '' : (r[i] ?? '').trim());
        let code = cell(at.OC_CODICE_PROGRAMMA).replace(/^CCI\s+/i, '');
        let name = cell(at.OC_DESCRIZIONE_PROGRAMMA);
        let fund = cell(at.FONDO);
        let category = cell(at.OC_AREA_OBIETTIVO_UE);
        if (!code && !name && TOTAL_ROW.test(fund)) {
          notes.add('total_row_skipped', 'rows summing the table (Totale, di cui …) not loaded', row);
          continue;
        }
        const continues = !code && !name;
        if (continues) {
          if (!prev) {
            issues.add('programme_missing', row, 'OC_CODICE_PROGRAMMA');
            continue;
          }
          ({ code, name } = prev);
        } else if (!code) {
          issues.add('programme_missing', row, 'OC_CODICE_PROGRAMMA');
          continue;
        }
        const sameProgramme = prev?.code === code;
        if (!fund) {
          if (!sameProgramme) {
            issues.add('fund_missing', row, 'FONDO');
            continue;
          }
          fund = prev!.fund;
        }
        if (!category) {
          if (!sameProgramme) {
            issues.add('category_missing', row, 'OC_AREA_OBIETTIVO_UE');
            continue;
          }
          category = prev!.category;
        }
        prev = { code, name, fund, category };
        for (const [asOf, cols] of dates) {
          const amount = (i: number | undefined): string | null | undefined => {
            const text = cell(i);
            if (text === '') return null;
            const n = readNumber(text, 'english');
            if (!n.ok) {
              issues.add(n.rule, row, (header?.[i!] ?? '').trim());
              return undefined;
            }
            return feedDecimal(n.value);
          };
          const total = amount(cols.total);
          const eu = amount(cols.eu);
          if (total === undefined || eu === undefined) continue;
          if (total === null && eu === null) {
            notes.add('not_allocated_at_date', 'programme rows × dates with no amount printed (no figure, not 0)', row);
            continue;
          }
          const key = [code, fund, category, asOf].join('\u0000');
          if (seen.has(key)) {
            issues.add('duplicate_allocation', row, 'OC_CODICE_PROGRAMMA');
            continue;
          }
          seen.add(key);
          if (!issues.any) await out.write([code, name, fund, category, asOf, total, eu]);
        }
      }
    } finally {
      await out.close();
    }
    if (issues.any) throw new PublicFileRefused(issues.all);
    return [
      {
        feed: 'programme_allocations',
        file: out.path,
        notes: notes.all,
        // Printed public labels and figures: ten-digit amounts look like phone
        // numbers to the guard, and no cell of this table is about a person.
        publicColumns: ['programme_code', 'programme_name', 'region_category', 'total_amount', 'eu_amount'],
      },
    ];
  },
};
