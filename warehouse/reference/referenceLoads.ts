// The loads of reference files, recorded in ops.reference_loads: the files of
// a kind (an Elenco comuni list, an ATECO structure of one version) are loaded
// oldest first, and the same bytes are never loaded twice.
import type { Session } from '../db.ts';
import { ReferenceFileError, type ReferenceIssue } from './referenceFileError.ts';

export interface LoadOrder {
  /** File name, for messages. */
  file: string;
  /** The day the file describes, YYYY-MM-DD. */
  asOf: string;
  /** sha256 of the file's bytes. */
  checksum: string;
  /** ops.reference_loads.kind of this load ('comuni', 'ateco_2025'). */
  kind: string;
  /** The kinds whose loaded bytes this file must not repeat, its own among them. */
  sameBytesKinds: readonly string[];
  /** What a file of a kind is called in messages: 'list', 'ATECO 2025 structure'. */
  noun: (kind: string) => string;
}

/**
 * Refuses a file not dated after the newest of its kind already loaded, or
 * whose bytes were already loaded; returns the date of the newest (null: none yet).
 */
export async function checkLoadOrder(tx: Session, load: LoadOrder): Promise<string | null> {
  const issues: ReferenceIssue[] = [];
  const noun = load.noun(load.kind);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(load.asOf) || Number.isNaN(Date.parse(load.asOf)))
    issues.push({
      rule: 'as_of_order',
      file: load.file,
      message: `the ${noun} date '${load.asOf}' is not a YYYY-MM-DD date`,
    });
  const last = await tx.scalar<string>(
    `select max(as_of)::VARCHAR from ops.reference_loads where kind = $1`,
    [load.kind],
  );
  if (last && load.asOf <= last)
    issues.push({
      rule: 'as_of_order',
      file: load.file,
      message: `the ${noun} is dated ${load.asOf}, not after the newest ${noun} already loaded (${last}); ${noun}s are loaded oldest first`,
    });
  const dup = await tx.one<{ file_name: string; as_of: string; kind: string }>(
    `select file_name, as_of::VARCHAR as as_of, kind from ops.reference_loads
     where list_contains(from_json($1::JSON, '["VARCHAR"]'), kind) and checksum = $2`,
    [JSON.stringify(load.sameBytesKinds), load.checksum],
  );
  if (dup)
    issues.push({
      rule: 'already_loaded',
      file: load.file,
      message: `the same bytes were already loaded as ${dup.file_name} (${load.noun(dup.kind)} of ${dup.as_of})`,
    });
  if (issues.length) throw new ReferenceFileError(issues);
  return last ?? null;
}
