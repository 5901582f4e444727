// Loads one ISTAT ATECO structure (one version: 2007 or 2025) into the
// history, all or nothing: records the load with the day the structure
// describes, closes the validity of codes that are gone and of attributes that
// changed, opens the new ones, keeps the notes of the load, and rebuilds the
// version's rows of ref.sectors_ateco (a code that left keeps its row, with
// valid_to). The first structure loaded for a version replaces the shipped
// copy of that version.
import { createHash } from 'node:crypto';
import type { Session } from '../db.ts';
import { parseAtecoStructure, type AtecoCode } from './atecoStructure.ts';
import { insertJsonRows } from './jsonRows.ts';
import { ReferenceFileError } from './referenceFileError.ts';
import { checkLoadOrder } from './referenceLoads.ts';

export const ATECO_VERSIONS = ['2007', '2025'] as const;
export type AtecoVersion = (typeof ATECO_VERSIONS)[number];

export interface AtecoUpdateInput {
  /** File name used in messages and in ops.reference_loads. */
  file: string;
  /** The file's bytes, for the checksum that refuses the same file twice. */
  bytes: Uint8Array;
  /** The file's first sheet, header first, every cell as text. */
  records: string[][];
  /** ISTAT does not write the version in the file: the operator says it. */
  version: AtecoVersion;
  /** The day the structure describes, YYYY-MM-DD. */
  asOf: string;
  now?: Date;
}

export interface AtecoUpdateSummary {
  referenceLoadId: number;
  version: AtecoVersion;
  asOf: string;
  /** Rows of the file (one per note). */
  rows: number;
  codes: number;
  notes: number;
  /** Codes per level, 1 (sezione) to 6 (sottocategoria). */
  perLevel: Record<number, number>;
  opened: number;
  closed: number;
}

interface OpenCode {
  code: string;
  level: number;
  parent_code: string | null;
  section: string;
  title_it: string;
  title_en: string | null;
}

export function atecoLoadKind(version: AtecoVersion): string {
  return `ateco_${version}`;
}

function sameAttributes(o: OpenCode, c: AtecoCode): boolean {
  return (
    o.level === c.level &&
    o.parent_code === c.parentCode &&
    o.section === c.section &&
    o.title_it === c.titleIt &&
    o.title_en === c.titleEn
  );
}

export async function updateAteco(
  db: Session,
  input: AtecoUpdateInput,
): Promise<AtecoUpdateSummary> {
  if (!(ATECO_VERSIONS as readonly string[]).includes(input.version))
    throw new ReferenceFileError([
      {
        rule: 'unrecognised_file',
        file: input.file,
        message: `ATECO version '${input.version}' is not one the warehouse knows (${ATECO_VERSIONS.join(', ')})`,
      },
    ]);
  const parsed = parseAtecoStructure(input.records, input.file);
  const checksum = createHash('sha256').update(input.bytes).digest('hex');
  const { version } = input;
  return db.transaction(async (tx) => {
    const last = await checkLoadOrder(tx, {
      file: input.file,
      asOf: input.asOf,
      checksum,
      kind: atecoLoadKind(version),
      // The same workbook is refused under either version.
      sameBytesKinds: ATECO_VERSIONS.map(atecoLoadKind),
      noun: (kind) => `ATECO ${kind.replace('ateco_', '')} structure`,
    });
    const loadId = Number(await tx.scalar(`select nextval('ops.reference_load_id_seq')`));
    await tx.run(
      `insert into ops.reference_loads (reference_load_id, kind, file_name, checksum, as_of, rows, loaded_at)
       values ($1, $2, $3, $4, $5::DATE, $6, $7)`,
      [
        loadId,
        atecoLoadKind(version),
        input.file,
        checksum,
        input.asOf,
        parsed.rows,
        (input.now ?? new Date()).toISOString(),
      ],
    );
    const open = new Map(
      (
        await tx.rows<OpenCode>(
          `select code, level, parent_code, section, title_it, title_en
           from ref.sectors_ateco_history where version = $1 and valid_to is null`,
          [version],
        )
      ).map((o) => [o.code, o]),
    );
    const inFile = new Set(parsed.codes.map((c) => c.code));
    const closed = [...open.keys()].filter((c) => !inFile.has(c));
    const opened: AtecoCode[] = [];
    for (const c of parsed.codes) {
      const o = open.get(c.code);
      if (!o) opened.push(c);
      else if (!sameAttributes(o, c)) {
        closed.push(c.code);
        opened.push(c);
      }
    }
    if (closed.length)
      await tx.run(
        `update ref.sectors_ateco_history set valid_to = $1::DATE, closed_by = $2
         where version = $3 and valid_to is null
           and code in (select unnest(from_json($4::JSON, '["VARCHAR"]')))`,
        [input.asOf, loadId, version, JSON.stringify(closed)],
      );
    await insertJsonRows(
      tx,
      'ref.sectors_ateco_history',
      {
        version: 'VARCHAR',
        code: 'VARCHAR',
        valid_from: 'DATE',
        level: 'INTEGER',
        parent_code: 'VARCHAR',
        section: 'VARCHAR',
        title_it: 'VARCHAR',
        title_en: 'VARCHAR',
        opened_by: 'BIGINT',
        source_row: 'INTEGER',
      },
      opened.map((c) => ({
        version,
        code: c.code,
        // A code already in the first structure loaded was valid before it.
        valid_from: last === null ? null : input.asOf,
        level: c.level,
        parent_code: c.parentCode,
        section: c.section,
        title_it: c.titleIt,
        title_en: c.titleEn,
        opened_by: loadId,
        source_row: c.row,
      })),
    );
    const notes = parsed.codes.flatMap((c) =>
      c.notes.map((n, i) => ({
        version,
        code: c.code,
        reference_load_id: loadId,
        note_index: i + 1,
        note_type: n.type,
        note_subtype: n.subtype,
        provenance: n.provenance,
        note_order: n.order,
        linked_code: n.linkedCode,
        text_it: n.textIt,
        text_en: n.textEn,
        source_row: n.row,
      })),
    );
    await insertJsonRows(
      tx,
      'ref.sectors_ateco_notes',
      {
        version: 'VARCHAR',
        code: 'VARCHAR',
        reference_load_id: 'BIGINT',
        note_index: 'INTEGER',
        note_type: 'INTEGER',
        note_subtype: 'VARCHAR',
        provenance: 'INTEGER',
        note_order: 'INTEGER',
        linked_code: 'VARCHAR',
        text_it: 'VARCHAR',
        text_en: 'VARCHAR',
        source_row: 'INTEGER',
      },
      notes,
    );
    // The version's rows: every code the history knows, with its newest
    // attributes, valid from its first appearance to the end of its newest span.
    // The first load drops the shipped copy of the version with them.
    await tx.run(`delete from ref.sectors_ateco where version = $1`, [version]);
    await tx.run(
      `insert into ref.sectors_ateco (version, code, level, parent_code, section, title_it, title_en, valid_from, valid_to)
       select h.version, h.code, h.level, h.parent_code, h.section, h.title_it, h.title_en, f.valid_from, h.valid_to
       from ref.sectors_ateco_history h
       join (select code, max(opened_by) as newest,
                    case when bool_or(valid_from is null) then null else min(valid_from) end as valid_from
             from ref.sectors_ateco_history where version = $1 group by code) f
         on f.code = h.code and f.newest = h.opened_by
       where h.version = $1`,
      [version],
    );
    const perLevel: Record<number, number> = {};
    for (const c of parsed.codes) perLevel[c.level] = (perLevel[c.level] ?? 0) + 1;
    return {
      referenceLoadId: loadId,
      version,
      asOf: input.asOf,
      rows: parsed.rows,
      codes: parsed.codes.length,
      notes: notes.length,
      perLevel,
      opened: opened.length,
      closed: closed.length,
    };
  });
}
