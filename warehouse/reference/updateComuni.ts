// Loads one ISTAT Elenco comuni list into the history, all or nothing:
// records the load with the day the list describes, closes the validity of
// codes that are gone and of attributes that changed, opens the new ones,
// records the variations that link them, rebuilds the roll-up of every past
// code to today's comune and makes the list today's territory (ref.comuni).
// A code that disappears with no variation to say where its territory went
// refuses the whole list: it is never dropped in silence.
import { createHash } from 'node:crypto';
import type { Session } from '../db.ts';
import { parseComuniList, type ComuneListRow } from './comuniList.ts';
import type { DeclaredVariation } from './comuniVariationsFile.ts';
import { insertJsonRows } from './jsonRows.ts';
import { ReferenceFileError, type ReferenceIssue } from './referenceFileError.ts';
import { checkLoadOrder } from './referenceLoads.ts';

export type VariationKind = 'merger' | 'rename' | 'province_change' | 'renumbering';

/**
 * One file of variations (variationsFile.ts reads either format). `history`:
 * the rows are a record of all variations (ISTAT's file since 1991), so rows of
 * codes that did not leave with this list are counted, not refused.
 */
export interface VariationsSource {
  file: string;
  /** `effective`: the date the change took effect, YYYY-MM-DD, where the file gives it (ISTAT's). */
  rows: (DeclaredVariation & { effective?: string | null })[];
  history?: boolean;
  /** Header of the old and new code columns in the file, for messages (ours by default). */
  columns?: { oldCode: string; newCode: string };
}

export interface ComuniUpdateInput {
  /** File name used in messages and in ops.reference_loads. */
  file: string;
  bytes: Uint8Array;
  /** The day the list describes, YYYY-MM-DD (ISTAT's reference date; not written in the file). */
  asOf: string;
  /**
   * Where the territory of codes that left the list went, from one file or
   * more (file names distinct). A code given by two files must go to the same
   * comune with the same kind in both. With a history file among them, a code
   * is followed through the rows of all of them to a comune of the new list.
   */
  variations?: VariationsSource[];
  now?: Date;
}

/** How one variations file was used by the update. */
export interface VariationsFileUse {
  file: string;
  history: boolean;
  /** Rows that say where a code goes (ISTAT's ES and AP rows). */
  changes: number;
  /** Rows that said where a code that left the list went (or a step on the way). */
  used: number;
  /** Rows the same as a row of another file, whose row was used instead. */
  sameAsUsed: number;
  /** Rows about codes that did not leave the list with this update (history only). */
  notInThisUpdate: number;
}

/** A code that left the list given by more than one file, the same way in each. */
export interface RepeatedVariation {
  oldCode: string;
  newCode: string;
  kind: DeclaredVariation['kind'];
  used: { file: string; row: number };
  also: { file: string; row: number }[];
}

export interface ComuniUpdateSummary {
  referenceLoadId: number;
  asOf: string;
  rows: number;
  opened: number;
  closed: number;
  variations: Record<VariationKind, number>;
  /** Each variations file, in the order given. */
  variationsFiles: VariationsFileUse[];
  /** Codes that left the list given identically by two files or more: which row was used. */
  repeatedVariations: RepeatedVariation[];
  rolledUp: number;
}

interface OpenCode {
  comune_code: string;
  name: string;
  name_it: string;
  codice_catastale: string;
  cod_uts: string;
  cod_regione: string;
  sigla: string;
  source_row: number;
  file_name: string;
}

interface Variation {
  old_code: string;
  new_code: string;
  kind: VariationKind;
  /** ISTAT's date of effect of the row that gave the change; null when read from the lists or our format. */
  effective: string | null;
}

const CODE_COLUMN = 'Codice Comune formato alfanumerico';

function sameAttributes(o: OpenCode, r: ComuneListRow): boolean {
  return (
    o.name === r.name &&
    o.name_it === r.nameIt &&
    o.codice_catastale === r.codiceCatastale &&
    o.cod_uts === r.codUts &&
    o.cod_regione === r.codRegione &&
    o.sigla === r.sigla
  );
}

function historyRow(r: ComuneListRow, validFrom: string | null, loadId: number) {
  return {
    comune_code: r.comuneCode,
    valid_from: validFrom,
    name: r.name,
    name_it: r.nameIt,
    codice_catastale: r.codiceCatastale,
    cod_uts: r.codUts,
    cod_regione: r.codRegione,
    sigla: r.sigla,
    opened_by: loadId,
    source_row: r.row,
  };
}

/** A row of a variations file, with the index of its file in the input. */
interface SourcedVariation extends DeclaredVariation {
  effective?: string | null;
  source: number;
}

interface MergedVariations {
  /** Each file's rows, in its order. */
  perSource: SourcedVariation[][];
  /** The row used for each code. */
  chosen: Map<string, SourcedVariation>;
  /** Every row of each code, files in the order given. */
  byCode: Map<string, SourcedVariation[]>;
}

const OUR_COLUMNS = { oldCode: 'old_code', newCode: 'new_code' };

/**
 * The rows of all the variations files, one per code, or the codes two files
 * send to different comuni (or with different kinds). Where files agree, the
 * row used is a history file's (ISTAT's rows carry their date of effect),
 * otherwise that of the file given first.
 */
function mergeVariations(sources: VariationsSource[]): MergedVariations {
  const perSource = sources.map((s, source) => s.rows.map((r) => ({ ...r, source })));
  const byCode = new Map<string, SourcedVariation[]>();
  for (const r of perSource.flat()) byCode.set(r.oldCode, [...(byCode.get(r.oldCode) ?? []), r]);
  const issues: ReferenceIssue[] = [];
  const chosen = new Map<string, SourcedVariation>();
  for (const [code, group] of byCode) {
    const first = group[0]!;
    for (const r of group.slice(1)) {
      if (r.newCode === first.newCode && r.kind === first.kind) continue;
      const s = sources[r.source]!;
      issues.push({
        rule: 'variation_conflict',
        file: s.file,
        row: r.row,
        column: (s.columns ?? OUR_COLUMNS).oldCode,
        message:
          `code ${code} goes to ${r.newCode} (${r.kind}) here, but to ${first.newCode} (${first.kind}) ` +
          `in ${sources[first.source]!.file}, row ${first.row}: a code that disappears goes to one comune`,
      });
    }
    chosen.set(code, group.find((r) => sources[r.source]!.history) ?? first);
  }
  if (issues.length) throw new ReferenceFileError(issues);
  return { perSource, chosen, byCode };
}

function listed(files: string[]): string {
  return files.length < 2 ? files.join('') : `${files.slice(0, -1).join(', ')} and ${files.at(-1)}`;
}

/** Successor of each code that left the list, or the issues that refuse the list. */
function successors(
  input: ComuniUpdateInput,
  merged: MergedVariations,
  open: Map<string, OpenCode>,
  list: Map<string, ComuneListRow>,
): {
  gone: string[];
  variations: Variation[];
  issues: ReferenceIssue[];
  used: Set<SourcedVariation>;
} {
  const sources = input.variations ?? [];
  const { chosen, perSource } = merged;
  const historyFiles = sources.filter((s) => s.history).map((s) => s.file);
  const byCatastale = new Map(
    [...list.values()].filter((r) => !open.has(r.comuneCode)).map((r) => [r.codiceCatastale, r]),
  );
  const gone = [...open.keys()].filter((c) => !list.has(c)).sort();
  const variations: Variation[] = [];
  const issues: ReferenceIssue[] = [];
  const used = new Set<SourcedVariation>();
  for (const code of gone) {
    const o = open.get(code)!;
    const d = chosen.get(code);
    if (d) {
      const path = historyFiles.length ? followDeclared(d, chosen, list) : [d];
      for (const r of path) used.add(r);
      const newCode = path.at(-1)!.newCode;
      if (!list.has(newCode)) {
        const s = sources[d.source]!;
        issues.push({
          rule: 'variation_unknown_code',
          file: s.file,
          row: d.row,
          column: (s.columns ?? OUR_COLUMNS).newCode,
          message: `code ${newCode} is not in ${input.file}: a variation must lead to a comune of the new list`,
        });
      } else
        variations.push({
          old_code: code,
          new_code: newCode,
          // A merger if any step is one.
          kind: path.some((r) => r.kind === 'merger') ? 'merger' : d.kind,
          // The day the old code stopped being used: its own row's.
          effective: d.effective ?? null,
        });
      continue;
    }
    const same = byCatastale.get(o.codice_catastale);
    if (same) {
      variations.push({
        old_code: code,
        new_code: same.comuneCode,
        kind: same.codUts === o.cod_uts ? 'renumbering' : 'province_change',
        effective: null,
      });
      continue;
    }
    const addRow = (file: string) =>
      `add a row '${code},<new code>,merger' to ${file} from ISTAT's notice of the change`;
    issues.push({
      rule: 'unexplained_disappearance',
      file: o.file_name,
      row: o.source_row,
      column: CODE_COLUMN,
      message:
        `comune ${code} (${o.name_it}) is not in ${input.file} (list of ${input.asOf}) and no variation says which comune took its territory; ` +
        (historyFiles.length
          ? `${listed(historyFiles)} ${historyFiles.length > 1 ? 'have' : 'has'} no ES or AP row for it: ` +
            `use ISTAT's variations file published after the change, or ${addRow('a --variations file of our own format')}`
          : addRow('a --variations file')),
    });
  }
  // A file of our own format is written for one update: each of its rows must be used.
  for (const rows of perSource)
    for (const r of rows) {
      const s = sources[r.source]!;
      if (!s.history && !used.has(chosen.get(r.oldCode)!))
        issues.push({
          rule: 'variation_unknown_code',
          file: s.file,
          row: r.row,
          column: (s.columns ?? OUR_COLUMNS).oldCode,
          message: `code ${r.oldCode} is not a comune that left the list with ${input.file}`,
        });
    }
  return { gone, variations, issues, used };
}

/**
 * Follows a variation through the record of variations until a code of the
 * new list: a comune merged, then merged again before the list was published,
 * leads to the second. Returns the rows followed, the first one first.
 */
function followDeclared(
  d: SourcedVariation,
  declared: Map<string, SourcedVariation>,
  list: Map<string, ComuneListRow>,
): SourcedVariation[] {
  const path = [d];
  const seen = new Set([d.oldCode]);
  let { newCode } = d;
  while (!list.has(newCode) && declared.has(newCode) && !seen.has(newCode)) {
    seen.add(newCode);
    const next = declared.get(newCode)!;
    path.push(next);
    newCode = next.newCode;
  }
  return path;
}

/** How each file was used, and the codes given identically by more than one. */
function variationsUse(
  sources: VariationsSource[],
  merged: MergedVariations,
  used: Set<SourcedVariation>,
): { files: VariationsFileUse[]; repeated: RepeatedVariation[] } {
  const { perSource, chosen, byCode } = merged;
  const files = perSource.map((rows, i) => {
    const usedHere = rows.filter((r) => used.has(r)).length;
    const sameAsUsed = rows.filter((r) => !used.has(r) && used.has(chosen.get(r.oldCode)!)).length;
    return {
      file: sources[i]!.file,
      history: sources[i]!.history === true,
      changes: rows.length,
      used: usedHere,
      sameAsUsed,
      notInThisUpdate: rows.length - usedHere - sameAsUsed,
    };
  });
  const at = (r: SourcedVariation) => ({ file: sources[r.source]!.file, row: r.row });
  const repeated = [...byCode.entries()]
    .filter(([code, group]) => group.length > 1 && used.has(chosen.get(code)!))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, group]) => {
      const c = chosen.get(code)!;
      return {
        oldCode: code,
        newCode: c.newCode,
        kind: c.kind,
        used: at(c),
        also: group.filter((r) => r !== c).map(at),
      };
    });
  return { files, repeated };
}

/** Maps every code that is not today's to today's comune by following variations. */
async function rebuildRollup(tx: Session, current: Set<string>): Promise<number> {
  const links = await tx.rows<{ old_code: string; new_code: string }>(
    `select old_code, new_code from ref.comuni_variations where old_code <> new_code order by valid_from`,
  );
  const next = new Map(links.map((l) => [l.old_code, l.new_code]));
  const past = await tx.rows<{ comune_code: string }>(
    `select distinct comune_code from ref.comuni_history`,
  );
  const rows: { old_code: string; current_code: string }[] = [];
  for (const { comune_code } of past) {
    if (current.has(comune_code)) continue;
    let code = comune_code;
    const seen = new Set<string>();
    while (!current.has(code) && next.has(code) && !seen.has(code)) {
      seen.add(code);
      code = next.get(code)!;
    }
    // Every code that left was given a successor when it left, so the chain ends today.
    if (current.has(code)) rows.push({ old_code: comune_code, current_code: code });
  }
  await tx.run(`delete from ref.comuni_rollup`);
  await insertJsonRows(
    tx,
    'ref.comuni_rollup',
    { old_code: 'VARCHAR', current_code: 'VARCHAR' },
    rows,
  );
  return rows.length;
}

export async function updateComuni(
  db: Session,
  input: ComuniUpdateInput,
): Promise<ComuniUpdateSummary> {
  const parsed = parseComuniList(input.bytes, input.file);
  const merged = mergeVariations(input.variations ?? []);
  const checksum = createHash('sha256').update(input.bytes).digest('hex');
  const list = new Map(parsed.rows.map((r) => [r.comuneCode, r]));
  return db.transaction(async (tx) => {
    const last = await checkLoadOrder(tx, {
      file: input.file,
      asOf: input.asOf,
      checksum,
      kind: 'comuni',
      sameBytesKinds: ['comuni'],
      noun: () => 'list',
    });
    const openRows = await tx.rows<OpenCode>(
      `select h.comune_code, h.name, h.name_it, h.codice_catastale, h.cod_uts, h.cod_regione, h.sigla, h.source_row, l.file_name
       from ref.comuni_history h join ops.reference_loads l on l.reference_load_id = h.opened_by
       where h.valid_to is null`,
    );
    const open = new Map(openRows.map((o) => [o.comune_code, o]));
    const { gone, variations, issues, used } = successors(input, merged, open, list);
    if (issues.length) throw new ReferenceFileError(issues);

    const loadId = Number(await tx.scalar(`select nextval('ops.reference_load_id_seq')`));
    await tx.run(
      `insert into ops.reference_loads (reference_load_id, kind, file_name, checksum, as_of, rows, loaded_at)
       values ($1, 'comuni', $2, $3, $4::DATE, $5, $6)`,
      [
        loadId,
        input.file,
        checksum,
        input.asOf,
        parsed.rows.length,
        (input.now ?? new Date()).toISOString(),
      ],
    );

    const opened: ReturnType<typeof historyRow>[] = [];
    const closed = [...gone];
    for (const r of parsed.rows) {
      const o = open.get(r.comuneCode);
      if (!o) {
        opened.push(historyRow(r, last === null ? null : input.asOf, loadId));
      } else if (!sameAttributes(o, r)) {
        closed.push(r.comuneCode);
        opened.push(historyRow(r, input.asOf, loadId));
        if (o.name !== r.name || o.name_it !== r.nameIt)
          variations.push({
            old_code: r.comuneCode,
            new_code: r.comuneCode,
            kind: 'rename',
            effective: null,
          });
        if (o.cod_uts !== r.codUts)
          variations.push({
            old_code: r.comuneCode,
            new_code: r.comuneCode,
            kind: 'province_change',
            effective: null,
          });
      }
    }
    if (closed.length)
      await tx.run(
        `update ref.comuni_history set valid_to = $1::DATE, closed_by = $2
         where valid_to is null and comune_code in (select unnest(from_json($3::JSON, '["VARCHAR"]')))`,
        [input.asOf, loadId, JSON.stringify(closed)],
      );
    await insertJsonRows(
      tx,
      'ref.comuni_history',
      {
        comune_code: 'VARCHAR',
        valid_from: 'DATE',
        name: 'VARCHAR',
        name_it: 'VARCHAR',
        codice_catastale: 'VARCHAR',
        cod_uts: 'VARCHAR',
        cod_regione: 'VARCHAR',
        sigla: 'VARCHAR',
        opened_by: 'BIGINT',
        source_row: 'INTEGER',
      },
      opened,
    );
    await insertJsonRows(
      tx,
      'ref.comuni_variations',
      {
        old_code: 'VARCHAR',
        new_code: 'VARCHAR',
        valid_from: 'DATE',
        kind: 'VARCHAR',
        reference_load_id: 'BIGINT',
        effective: 'DATE',
      },
      variations.map((v) => ({ ...v, valid_from: input.asOf, reference_load_id: loadId })),
    );
    const rolledUp = await rebuildRollup(tx, new Set(list.keys()));

    // The newest list is today's territory.
    await tx.run(`delete from ref.comuni`);
    await insertJsonRows(
      tx,
      'ref.comuni',
      {
        comune_code: 'VARCHAR',
        name: 'VARCHAR',
        name_it: 'VARCHAR',
        codice_catastale: 'VARCHAR',
        cod_uts: 'VARCHAR',
        cod_regione: 'VARCHAR',
        sigla: 'VARCHAR',
        capoluogo_uts: 'BOOLEAN',
        nuts3: 'VARCHAR',
      },
      parsed.rows.map((r) => ({
        comune_code: r.comuneCode,
        name: r.name,
        name_it: r.nameIt,
        codice_catastale: r.codiceCatastale,
        cod_uts: r.codUts,
        cod_regione: r.codRegione,
        sigla: r.sigla,
        capoluogo_uts: r.capoluogoUts,
        nuts3: r.nuts3,
      })),
    );

    const counts: Record<VariationKind, number> = {
      merger: 0,
      rename: 0,
      province_change: 0,
      renumbering: 0,
    };
    for (const v of variations) counts[v.kind]++;
    const use = variationsUse(input.variations ?? [], merged, used);
    return {
      referenceLoadId: loadId,
      asOf: input.asOf,
      rows: parsed.rows.length,
      opened: opened.length,
      closed: closed.length,
      variations: counts,
      variationsFiles: use.files,
      repeatedVariations: use.repeated,
      rolledUp,
    };
  });
}
