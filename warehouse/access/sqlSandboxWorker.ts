// An analyst SQL sandbox process (started by sqlSandboxProcess.ts, never run
// by hand). It opens its own read-only DuckDB instance on the snapshot file,
// locked down before any analyst text is parsed: no file or network access,
// no extensions, no spilling to disk, one thread, a memory_limit, and the
// configuration locked; functions that show paths are refused. The server enforces time and total memory from
// outside (it kills this process), so a runaway statement, even one that runs
// away while being planned, costs only this process.
import { DuckDBInstance, StatementType, VARCHAR, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { rowConverter, type Row } from '../db.ts';
import type { FromSandbox, OpenMessage, RunMessage, ToSandbox } from './sqlSandboxProtocol.ts';

const MAX_SQL_CHARS = 20_000;

function send(message: FromSandbox): void {
  process.send!(message);
}

/** The first line of a DuckDB error, short enough to show an analyst. */
function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0].slice(0, 200);
}

class Refusal extends Error {}

async function open(message: OpenMessage): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(message.snapshotFile, {
    access_mode: 'READ_ONLY',
    threads: '1',
    memory_limit: `${message.duckdbMemoryMb}MB`,
    // No spilling: the sandbox writes nothing, and a statement that does not fit is refused.
    temp_directory: '',
    // Relative names, so the settings do not show the server's home directory.
    home_directory: '.',
    extension_directory: '.',
    secret_directory: '.',
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
    allow_community_extensions: 'false',
    enable_external_access: 'false',
    lock_configuration: 'true',
  });
  return instance.connect();
}

/**
 * Functions and catalog tables that show where the snapshot lives or run SQL
 * text of their own. DuckDB reports the database file by its real, absolute
 * path (it resolves links), so the data directory cannot be hidden from them:
 * they are refused instead. query() and query_table() would run a second,
 * unchecked statement.
 */
const REFUSED_FUNCTIONS = new Set([
  'duckdb_settings',
  'current_setting',
  'duckdb_databases',
  'pragma_database_list',
  'duckdb_extensions',
  'duckdb_temporary_files',
  'duckdb_secrets',
  'which_secret',
  'duckdb_logs',
  'duckdb_log_contexts',
  'query',
  'query_table',
]);

/** Names of functions and tables anywhere in DuckDB's own parse tree of the statement. */
function namesIn(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const n of node) namesIn(n, into);
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'function_name' || key === 'table_name') && typeof value === 'string') into.add(value.toLowerCase());
      else namesIn(value, into);
    }
  return into;
}

async function refuseIntrospection(c: DuckDBConnection, sql: string): Promise<void> {
  const reader = await c.runAndReadAll('select json_serialize_sql($1::varchar)', [sql], [VARCHAR]);
  const tree = JSON.parse(String(reader.getRows()[0][0])) as { error: boolean };
  if (tree.error) throw new Refusal('SQL_SELECT_ONLY: only SELECT or WITH … SELECT is allowed.');
  const refused = [...namesIn(tree, new Set())].filter((n) => REFUSED_FUNCTIONS.has(n));
  if (refused.length)
    throw new Refusal(
      `SQL_INTROSPECTION: ${refused.join(', ')} is not available in the sandbox (it shows the server's files and settings, or runs SQL text of its own); duckdb_tables() and duckdb_columns() list what the snapshot holds.`,
    );
}

/** Exactly one statement, and DuckDB's parser says it is a SELECT (WITH … SELECT included). */
async function prepareSelect(c: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  let extracted;
  try {
    extracted = await c.extractStatements(sql);
  } catch {
    throw new Refusal('SQL_PARSE: the statement does not parse.');
  }
  if (extracted.count !== 1) throw new Refusal('SQL_SINGLE: exactly one statement is allowed.');
  let prepared;
  try {
    prepared = await extracted.prepare(0);
  } catch (err) {
    throw new Refusal(`${outOfMemory(err) ? 'SQL_MEMORY_LIMIT' : 'SQL_PREPARE'}: ${firstLine(err)}`);
  }
  if (prepared.statementType !== StatementType.SELECT) throw new Refusal('SQL_SELECT_ONLY: only SELECT or WITH … SELECT is allowed.');
  await refuseIntrospection(c, sql);
  return prepared;
}

function outOfMemory(err: unknown): boolean {
  return /out of memory/i.test(String((err as Error)?.message ?? err));
}

async function run(c: DuckDBConnection, message: RunMessage): Promise<FromSandbox> {
  if (message.sql.length > MAX_SQL_CHARS) throw new Refusal('SQL_TOO_LONG: at most 20,000 characters.');
  await prepareSelect(c, message.sql);
  // Row cap: the checked statement as a subquery (newlines so a trailing comment stays inside);
  // the wrapped text is checked again, so it cannot become a second statement.
  const wrapped = await prepareSelect(c, `select * from (\n${message.sql}\n) as analyst_query limit ${message.rowCap + 1}`);
  try {
    const result = await wrapped.stream();
    const keys = result.deduplicatedColumnNames();
    const rows: Row[] = [];
    let bytes = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (let i = 0; i < chunk.rowCount; i++) {
        if (rows.length === message.rowCap) return { type: 'result', columns: result.columnNames(), rows, truncated: true };
        const values = chunk.convertRowValues(i, rowConverter);
        const row: Row = {};
        values.forEach((v, k) => (row[keys[k]] = v));
        bytes += JSON.stringify(row).length;
        if (bytes > message.maxResultBytes)
          throw new Refusal(
            `SQL_RESULT_TOO_LARGE: the result passed ${message.maxResultBytes.toLocaleString('en')} bytes after ${rows.length.toLocaleString('en')} rows; select fewer or shorter columns, aggregate, or add a LIMIT.`,
          );
        rows.push(row);
      }
    }
    return { type: 'result', columns: result.columnNames(), rows, truncated: false };
  } catch (err) {
    if (err instanceof Refusal) throw err;
    throw new Refusal(`${outOfMemory(err) ? 'SQL_MEMORY_LIMIT' : 'SQL_ERROR'}: ${firstLine(err)}`);
  }
}

let connection: Promise<DuckDBConnection> | null = null;
// The server went away (or closed the channel): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
process.on('message', (message: ToSandbox) => {
  if (message.type === 'open') {
    connection = open(message);
    connection.then(
      () => send({ type: 'ready' }),
      (err: unknown) => send({ type: 'open_failed', message: firstLine(err) }),
    );
    return;
  }
  void (async () => {
    try {
      send(await run(await connection!, message));
    } catch (err) {
      send({ type: 'refused', message: err instanceof Refusal ? err.message : `SQL_ERROR: ${firstLine(err)}` });
    }
  })();
});
