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

export type VariationKind = 'merger' | 'rename' | 'province_change' | 'renumbering';

export interface ComuniUpdateInput {
  /** File name used in messages and in ops.reference_loads. */
  file: string;
  bytes: Uint8Array;
  /** The day the list describes, YYYY-MM-DD (ISTAT's reference date; not written in the file). */
  asOf: string;
  /**
   * Where the territory of codes that left the list went. `history`: the rows
   * are a record of all variations (ISTAT's file since 1991), so rows of codes
   * that did not leave with this list are counted, not refused, and a code is
   * followed through the rows to a comune of the new list.
   */
  variations?: {
    file: string;
    rows: DeclaredVariation[];
    history?: boolean;
    /** Header of the old and new code columns in the file, for messages (ours by default). */
    columns?: { oldCode: string; newCode: string };
  };
  now?: Date;
}

export interface ComuniUpdateSummary {
  referenceLoadId: number;
  asOf: string;
  rows: number;
  opened: number;
  closed: number;
  variations: Record<VariationKind, number>;
  /** Rows of the variations file used by this list, and rows about other codes (history only). */
  variationsFile?: { file: string; used: number; notInThisUpdate: number };
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

async function checkOrder(
  tx: Session,
  input: ComuniUpdateInput,
  checksum: string,
): Promise<string | null> {
  const issues: ReferenceIssue[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.asOf) || Number.isNaN(Date.parse(input.asOf)))
    issues.push({
      rule: 'as_of_order',
      file: input.file,
      message: `the list date '${input.asOf}' is not a YYYY-MM-DD date`,
    });
  const last = await tx.scalar<string>(
    `select max(as_of)::VARCHAR from ops.reference_loads where kind = 'comuni'`,
  );
  if (last && input.asOf <= last)
    issues.push({
      rule: 'as_of_order',
      file: input.file,
      message: `the list is dated ${input.asOf}, not after the newest list already loaded (${last}); lists are loaded oldest first`,
    });
  const dup = await tx.one<{ file_name: string; as_of: string }>(
    `select file_name, as_of::VARCHAR as as_of from ops.reference_loads where kind = 'comuni' and checksum = $1`,
    [checksum],
  );
  if (dup)
    issues.push({
      rule: 'already_loaded',
      file: input.file,
      message: `the same bytes were already loaded as ${dup.file_name} (list of ${dup.as_of})`,
    });
  if (issues.length) throw new ReferenceFileError(issues);
  return last ?? null;
}

/** Successor of each code that left the list, or the issues that refuse the list. */
function successors(
  input: ComuniUpdateInput,
  open: Map<string, OpenCode>,
  list: Map<string, ComuneListRow>,
): { gone: string[]; variations: Variation[]; issues: ReferenceIssue[]; used: number } {
  const declared = new Map((input.variations?.rows ?? []).map((v) => [v.oldCode, v]));
  const history = input.variations?.history === true;
  const columns = input.variations?.columns ?? { oldCode: 'old_code', newCode: 'new_code' };
  const byCatastale = new Map(
    [...list.values()].filter((r) => !open.has(r.comuneCode)).map((r) => [r.codiceCatastale, r]),
  );
  const gone = [...open.keys()].filter((c) => !list.has(c)).sort();
  const variations: Variation[] = [];
  const issues: ReferenceIssue[] = [];
  for (const code of gone) {
    const o = open.get(code)!;
    const d = declared.get(code);
    if (d) {
      const to = history ? followDeclared(d, declared, list) : d;
      if (!list.has(to.newCode))
        issues.push({
          rule: 'variation_unknown_code',
          file: input.variations!.file,
          row: d.row,
          column: columns.newCode,
          message: `code ${to.newCode} is not in ${input.file}: a variation must lead to a comune of the new list`,
        });
      else variations.push({ old_code: code, new_code: to.newCode, kind: to.kind });
      continue;
    }
    const same = byCatastale.get(o.codice_catastale);
    if (same) {
      variations.push({
        old_code: code,
        new_code: same.comuneCode,
        kind: same.codUts === o.cod_uts ? 'renumbering' : 'province_change',
      });
      continue;
    }
    issues.push({
      rule: 'unexplained_disappearance',
      file: o.file_name,
      row: o.source_row,
      column: CODE_COLUMN,
      message:
        `comune ${code} (${o.name_it}) is not in ${input.file} (list of ${input.asOf}) and no variation says which comune took its territory; ` +
        (history
          ? `${input.variations!.file} has no ES or AP row for it: use ISTAT's variations file published after the change`
          : `add a row '${code},<new code>,merger' to a --variations file from ISTAT's notice of the change`),
    });
  }
  const used = [...declared.keys()].filter((c) => gone.includes(c)).length;
  for (const d of declared.values()) {
    if (!history && !gone.includes(d.oldCode))
      issues.push({
        rule: 'variation_unknown_code',
        file: input.variations!.file,
        row: d.row,
        column: columns.oldCode,
        message: `code ${d.oldCode} is not a comune that left the list with ${input.file}`,
      });
  }
  return { gone, variations, issues, used };
}

/**
 * Follows a variation through the record of variations until a code of the
 * new list: a comune merged, then merged again before the list was published,
 * leads to the second. The kind is a merger if any step is one.
 */
function followDeclared(
  d: DeclaredVariation,
  declared: Map<string, DeclaredVariation>,
  list: Map<string, ComuneListRow>,
): { newCode: string; kind: DeclaredVariation['kind'] } {
  let { newCode, kind } = d;
  const seen = new Set([d.oldCode]);
  while (!list.has(newCode) && declared.has(newCode) && !seen.has(newCode)) {
    seen.add(newCode);
    const next = declared.get(newCode)!;
    if (next.kind === 'merger') kind = 'merger';
    newCode = next.newCode;
  }
  return { newCode, kind };
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
  const checksum = createHash('sha256').update(input.bytes).digest('hex');
  const list = new Map(parsed.rows.map((r) => [r.comuneCode, r]));
  return db.transaction(async (tx) => {
    const last = await checkOrder(tx, input, checksum);
    const openRows = await tx.rows<OpenCode>(
      `select h.comune_code, h.name, h.name_it, h.codice_catastale, h.cod_uts, h.cod_regione, h.sigla, h.source_row, l.file_name
       from ref.comuni_history h join ops.reference_loads l on l.reference_load_id = h.opened_by
       where h.valid_to is null`,
    );
    const open = new Map(openRows.map((o) => [o.comune_code, o]));
    const { gone, variations, issues, used } = successors(input, open, list);
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
          variations.push({ old_code: r.comuneCode, new_code: r.comuneCode, kind: 'rename' });
        if (o.cod_uts !== r.codUts)
          variations.push({
            old_code: r.comuneCode,
            new_code: r.comuneCode,
            kind: 'province_change',
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
    return {
      referenceLoadId: loadId,
      asOf: input.asOf,
      rows: parsed.rows.length,
      opened: opened.length,
      closed: closed.length,
      variations: counts,
      variationsFile: input.variations && {
        file: input.variations.file,
        used,
        notInThisUpdate: input.variations.rows.length - used,
      },
      rolledUp,
    };
  });
}
