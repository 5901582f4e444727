// The staged path: the file is read into a temp table that keeps the raw
// text of every cell beside its parsed value, checked there (contract rules,
// PII guard) and, when clean, copied into core. It reports every problem
// with rows and columns, so it is the path of record for a refusal; clean
// large files usually go the direct way (direct.ts) instead.
import type { Session } from '../warehouse/db.ts';
import { sqlIdent, sqlString } from '../warehouse/sql.ts';
import { isOutOfSpace } from './diskSpace.ts';
import { unnamedColumnIssues } from './headers.ts';
import type { LoadOptions, Lap, Opened, Prepared } from './loadTypes.ts';
import { piiRowPrefilterExpression, scanPiiValues, type ScannedColumn } from './pii/scan.ts';
import { readRejects, type Source } from './readers/index.ts';
import { castExpression, DUCKDB_TYPES } from './types.ts';
import {
  financialBreachPredicate,
  patternFlag,
  PATTERNS,
  validateStaged,
  type Issue,
} from './validate.ts';
import { claimLedger, insertIntoCore, recordLoaded, replaceByKey } from './write.ts';

let stagingCounter = 0;

/**
 * Reads an opened file into a staged table and checks it: header-level
 * refusals, malformed records, PII guard, contract rules. Writes nothing to
 * core; `cleanups` gets what drops the staged table.
 */
export async function stageLoad(
  wh: Session,
  opened: Opened,
  options: LoadOptions,
  cleanups: (() => Promise<void>)[],
  lap: Lap,
): Promise<Prepared> {
  const { result, startedAt, source, feed } = opened;
  const refused = (): Prepared => {
    result.status = result.errors.length ? 'refused' : 'loaded';
    return { ready: false, result, startedAt };
  };
  const staged = `stg_${process.pid}_${++stagingCounter}`;
  cleanups.push(async () => {
    await wh.run(
      `drop view if exists ${sqlIdent(staged)}; drop table if exists ${sqlIdent(staged + '_t')}`,
    );
  });
  const { select, viewExtra, scanned } = stagedColumns(opened);
  try {
    // Row numbers come from the temp table's rowid (insertion order = file
    // order, DuckDB preserves it), cheaper than a window over the whole file.
    // Inside an open transaction (a connector's parts) rowids of a new table
    // start at a large base, not 0: subtract the first one.
    await wh.run(
      `create or replace temp table ${sqlIdent(staged + '_t')} as select ${select.join(', ')} from ${source.from}`,
    );
    // As text: that base is beyond the integers a JS number holds exactly.
    const firstRowid = String(
      (await wh.scalar<string>(
        `select coalesce(min(rowid), 0)::varchar from ${sqlIdent(staged + '_t')}`,
      )) ?? '0',
    );
    if (!/^\d+$/.test(firstRowid)) throw new Error('unexpected rowid from DuckDB');
    await wh.run(
      `create or replace temp view ${sqlIdent(staged)} as select (rowid - ${firstRowid}) + 2 as __row, *${viewExtra.map((e) => ', ' + e).join('')} from ${sqlIdent(staged + '_t')}`,
    );
    lap('stage (read + parse types)');
  } catch (err) {
    // A full disk is not a fault of the file: the caller reports it as such.
    if (isOutOfSpace(err)) throw err;
    result.errors.push(unreadable(source, err));
    return refused();
  }
  result.rows = (await wh.scalar<number>(`select count(*) from ${sqlIdent(staged)}`)) ?? 0;
  const rejected = await readRejects(wh, source, result.rows);
  if (rejected) result.errors.push(rejected);
  result.errors.push(...(await unnamedColumnIssues(wh, staged, source)));
  if (result.errors.length || result.rows === 0) {
    // The PII guard runs even when the file is refused for other reasons, so the report says so.
    result.errors.push(...(await scanPiiValues(wh, staged, scanned)));
    lap('PII value scan');
    if (result.rows === 0 && !result.errors.length) {
      result.errors.push({
        rule: 'empty_file',
        row: 2,
        message: 'the file has a header but no data rows',
      });
    }
    return refused();
  }
  options.onStage?.('validating', { rows: result.rows });
  // Contract rules and the PII guard's first pass share one scan of the staged
  // rows. The first pass leaves out columns whose every value a rule matches
  // against a code list, a reference table or rows already loaded (and
  // scanned then): when those rules pass, such a cell holds a known code.
  const issues = await validateStaged(wh, feed!, staged, {
    today: options.today,
    extraAggregates: [piiRowPrefilterExpression(scanned.filter((c) => !c.checkedByRule))],
  });
  // Nothing found and every rule passed: no column needs a closer look. A
  // failed rule may hide an identifier in a checked column, so then every
  // column is looked at and the report names both.
  const pii =
    issues.extra[0] || issues.errors.length ? await scanPiiValues(wh, staged, scanned) : [];
  result.errors.push(...pii, ...issues.errors);
  result.warnings.push(...issues.warnings);
  lap('contract rules');
  if (result.errors.length || options.dryRun) return refused();
  return { ready: true, result, startedAt, staged, feed: feed! };
}

/**
 * The columns of a staged file, under the names the contract rules and the
 * PII guard use: `raw__<col>` (the cell's text, trimmed, NULL when empty),
 * `<col>` (parsed; for text columns the same as raw, added by `viewExtra`
 * over the stored columns so strings are not stored twice), `ok__<col>` for
 * pattern columns, `extra__<i>` for a column the feed does not know. Used
 * for the staged table (staged.ts) and for the direct insert (direct.ts).
 */
export function stagedColumns(opened: Opened): {
  select: string[];
  viewExtra: string[];
  scanned: ScannedColumn[];
} {
  const { source, feed, mapping } = opened;
  const select: string[] = [];
  const viewExtra: string[] = [];
  const scanned: ScannedColumn[] = [];
  const typedOk = opened.headerOk;
  source.columns.forEach((sc, i) => {
    const col = mapping.get(sc.header);
    const raw = blankToNull(sc.expr);
    if (col && typedOk) {
      const rawName = sqlIdent('raw__' + col.name);
      select.push(`${raw} as ${rawName}`);
      if (col.type === 'string') viewExtra.push(`${rawName} as ${sqlIdent(col.name)}`);
      else select.push(`${castExpression(col, raw)} as ${sqlIdent(col.name)}`);
      if (col.pattern)
        select.push(
          `coalesce(regexp_full_match(${raw}, ${sqlString(PATTERNS[col.pattern])}), false) as ${sqlIdent(patternFlag(col.name))}`,
        );
      // A column a public-source mapping declares public (a printed territory label) is not a person's data.
      if (!opened.publicColumns?.has(col.name))
        scanned.push({
          ident: 'raw__' + col.name,
          label: sc.header,
          skipWhen: col.pattern ? patternFlag(col.name) : undefined,
          checkedByRule: Boolean(
            col.codeList || col.reference || feed!.references?.some((r) => r.column === col.name),
          ),
        });
    } else {
      select.push(`${raw} as ${sqlIdent('extra__' + i)}`);
      scanned.push({ ident: 'extra__' + i, label: sc.header });
    }
  });
  if (feed && typedOk) {
    const present = new Set([...mapping.values()].filter(Boolean).map((c) => c!.name));
    for (const c of feed.columns) {
      if (present.has(c.name)) continue;
      viewExtra.push(
        `null::VARCHAR as ${sqlIdent('raw__' + c.name)}`,
        `null::${DUCKDB_TYPES[c.type]} as ${sqlIdent(c.name)}`,
      );
      if (c.pattern) viewExtra.push(`false as ${sqlIdent(patternFlag(c.name))}`);
    }
  }
  return { select, viewExtra, scanned };
}

/**
 * Cell text with surrounding blanks removed, NULL when empty. trim() copies
 * every string, so it only runs on cells that start or end with a blank;
 * starts_with/ends_with compare bytes (right() counts characters, and was
 * the costliest part of staging).
 */
export function blankToNull(expr: string): string {
  return `(case when ${expr} = '' then null
                when starts_with(${expr}, ' ') or ends_with(${expr}, ' ') or starts_with(${expr}, chr(9)) or ends_with(${expr}, chr(9))
                  then nullif(trim(${expr}, ' ' || chr(9)), '')
                else ${expr} end)`;
}

function unreadable(source: Source, err: unknown): Issue {
  // DuckDB messages can quote the offending text: keep only the position.
  const m = /line[: ]+(\d+)/i.exec(err instanceof Error ? err.message : String(err));
  const what = { csv: 'CSV', xlsx: 'an Excel sheet', jsonl: 'JSON Lines', parquet: 'Parquet' }[
    source.format
  ];
  return {
    rule: 'unreadable',
    row: m ? Number(m[1]) : undefined,
    message: `cannot be read as ${what}${m ? ` near line ${m[1]}` : ''}: check the export (delimiter, quotes, encoding)`,
  };
}

/**
 * The write of a staged file, inside the caller's transaction: ledger entry,
 * rows replaced by key kept in ops.replaced_<feed>, the new rows, flags, the
 * ops.loads row. Throws AlreadyLoaded when the same bytes were committed
 * meanwhile.
 */
export async function writeStaged(
  tx: Session,
  p: Extract<Prepared, { ready: true }>,
  options: LoadOptions,
  lap: Lap,
): Promise<void> {
  const { result, feed, staged, startedAt } = p;
  const t = sqlIdent(staged);
  const loadId = await claimLedger(tx, result, feed);
  result.replacedRows = await replaceByKey(tx, feed, loadId, t);
  lap('write: rows replaced by key kept');
  await insertIntoCore(tx, feed, loadId, `${t} s`);
  lap('write: insert');
  result.flaggedRows = 0;
  if (feed.name === 'project_financials') {
    result.flaggedRows = await tx.run(
      `insert into ops.row_flags (load_id, feed, rule, key_values, row_number)
       select $1, $2, 'financial_stage_order', [${feed.key.map((k) => `cast(${sqlIdent(k)} as varchar)`).join(', ')}], __row
       from ${t} where ${financialBreachPredicate()}`,
      [loadId, feed.name],
    );
  }
  result.writtenBy = 'staged';
  await recordLoaded(tx, loadId, result, options, startedAt);
}
