// Every comune code used in Italy since 1991 that is no longer one, mapped to
// the comune of the shipped list (comuni.csv) that holds its territory today.
// Built from two shipped files read as they are published:
//   - ISTAT's "Variazioni amministrative e territoriali dal 1991" (a copy that
//     ends on 2022-03-03): its ES rows (the comune is suppressed, its territory
//     goes to the associated comune) and AP rows (the comune moves province and
//     takes a new code);
//   - our own `old_code,new_code,kind` CSV for the changes between that copy
//     and the shipped list (2023 and 2024 mergers), from ISTAT's notices.
// A file coded at its own period (a COB extract of 2015, a Ministry table of
// 2019) is then accepted and counted under today's territory out of the box,
// before any `reference update`. The result is committed as
// comuni_past_codes.csv, which init loads into ref.comuni_past_codes: run
// `npm run reference:past-codes` after changing either variations file or
// comuni.csv (tests/reference/pastComuniCodes.test.ts fails while it differs).
//
// ISTAT codes are reused: the comuni of Olbia-Tempio took 104xxx codes in 2006
// and got their 090xxx codes back in 2016 (Aggius 090001 → 104001 → 090001);
// Torre de' Busi went to Lecco in 1992 and came back to Bergamo in 2018. So the
// rows are replayed in date order: a code that becomes the target of a later
// change is a comune again, and its earlier departure no longer applies; a code
// in today's list is today's comune whatever the file says happened to it before.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { parseComuniVariations, type DeclaredVariationKind } from './comuniVariationsFile.ts';
import { parseIstatVariations } from './istatVariationsFile.ts';
import { REFERENCE_DIR, readShippedCsv } from './referenceDir.ts';

/** One code change as read from a variations file, in the order it happened. */
export interface CodeChange {
  oldCode: string;
  newCode: string;
  kind: DeclaredVariationKind;
  /** Name of the comune that used the code, where the file gives it. */
  oldName: string | null;
  /** Date of effect, YYYY-MM-DD, where the file gives it. */
  effective: string | null;
  /** Sort key: the date of effect, or 1 January of ISTAT's year where the date is empty. */
  at: string;
  file: string;
  row: number;
}

export interface PastComuneCode {
  oldCode: string;
  oldName: string | null;
  /** The comune of today's list that holds the code's territory. */
  currentCode: string;
  /** Kind of the change that retired the code (the first step of the chain). */
  kind: DeclaredVariationKind;
  effective: string | null;
  /** File and row of that change. */
  file: string;
  row: number;
}

export class PastCodesError extends Error {
  override name = 'PastCodesError';
}

/**
 * Replays the changes in date order and follows each retired code to today's
 * list, through later changes and through `renumbered` (old → new codes of a
 * reform that the list already shows, such as the 2025 Sardinian crosswalk).
 * A chain that ends outside today's list means a change is missing from the
 * files: refused, with the code, its file and row.
 */
export function resolvePastCodes(
  changes: CodeChange[],
  today: ReadonlySet<string>,
  renumbered: ReadonlyMap<string, string>,
): PastComuneCode[] {
  const sorted = changes.map((c, i) => ({ c, i })).sort((a, b) => a.c.at.localeCompare(b.c.at) || a.i - b.i);
  const left = new Map<string, CodeChange>();
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.c.at === sorted[i]!.c.at) j++;
    const day = sorted.slice(i, j).map((s) => s.c);
    for (const c of day) left.set(c.oldCode, c);
    // A code that a change of this day leads to is a comune again (from then on).
    for (const c of day) {
      const earlier = left.get(c.newCode);
      if (earlier && earlier.at < c.at) left.delete(c.newCode);
    }
    i = j;
  }
  const next = (code: string): string | undefined => left.get(code)?.newCode ?? renumbered.get(code);
  const out: PastComuneCode[] = [];
  for (const c of left.values()) {
    if (today.has(c.oldCode) || renumbered.has(c.oldCode)) continue;
    let code = c.newCode;
    const seen = new Set([c.oldCode]);
    while (!today.has(code) && !seen.has(code)) {
      seen.add(code);
      const n = next(code);
      if (n === undefined) break;
      code = n;
    }
    if (!today.has(code))
      throw new PastCodesError(
        `${c.file}, row ${c.row}: comune ${c.oldCode}${c.oldName ? ` (${c.oldName})` : ''} leads to ${code}, ` +
          `which is not in today's list of comuni: a later change of ${code} is missing from the variations files`,
      );
    out.push({
      oldCode: c.oldCode,
      oldName: c.oldName,
      currentCode: code,
      kind: c.kind,
      effective: c.effective,
      file: c.file,
      row: c.row,
    });
  }
  return out.sort((a, b) => a.oldCode.localeCompare(b.oldCode));
}

/** The shipped variations files, oldest first. */
export const PAST_CODES_FILES = {
  istat: 'variazioni_istat_dal_1991.csv',
  since: 'comuni_variations_2022_2024.csv',
} as const;


/** The changes recorded in the shipped files, ISTAT's first. */
export function shippedCodeChanges(): CodeChange[] {
  const istat = parseIstatVariations(
    readFileSync(join(REFERENCE_DIR, PAST_CODES_FILES.istat)),
    PAST_CODES_FILES.istat,
  );
  const fromIstat = istat.codeChanges.map((c) => ({
    oldCode: c.oldCode,
    newCode: c.newCode,
    kind: c.kind,
    oldName: c.name || null,
    effective: c.effective,
    at: c.effective ?? `${c.year}-01-01`,
    file: istat.file,
    row: c.row,
  }));
  const since = PAST_CODES_FILES.since;
  const declared = parseComuniVariations(readFileSync(join(REFERENCE_DIR, since), 'utf8'), since);
  // Our file carries no dates: its changes all follow the end of ISTAT's copy.
  return [
    ...fromIstat,
    ...declared.map((v) => ({ ...v, oldName: null, effective: null, at: '9999-12-31', file: since })),
  ];
}

/** The committed file init loads: one row per past code. */
export const PAST_CODES_CSV = 'comuni_past_codes.csv';
export const PAST_CODES_PATH = join(REFERENCE_DIR, PAST_CODES_CSV);

/** Past codes of the shipped files resolved against the shipped list of comuni. */
export function shippedPastComuniCodes(): PastComuneCode[] {
  const today = new Set(readShippedCsv('comuni.csv').map((r) => r.codice_comune!));
  const renumbered = new Map(
    readShippedCsv('comuni_crosswalk_2025.csv')
      .filter((r) => r.codice_comune_old !== r.codice_comune_new)
      .map((r) => [r.codice_comune_old!, r.codice_comune_new!]),
  );
  return resolvePastCodes(shippedCodeChanges(), today, renumbered);
}

/** The content of comuni_past_codes.csv, as generated from the shipped files. */
export function pastCodesCsv(rows: PastComuneCode[] = shippedPastComuniCodes()): string {
  return stringify(
    rows.map((r) => [r.oldCode, r.oldName ?? '', r.currentCode, r.kind, r.effective ?? '', r.file, r.row]),
    {
      header: true,
      columns: ['old_code', 'old_name', 'current_code', 'kind', 'effective', 'source_file', 'source_row'],
    },
  );
}
