// Inserts many rows with one statement: the rows travel as one JSON parameter
// and DuckDB unpacks them, so thousands of comuni are not thousands of round
// trips. Column names and types come from our own definitions only.
import type { Session } from '../db.ts';
import { sqlIdent, sqlString, sqlTable } from '../sql.ts';

export type JsonColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'DATE';

export async function insertJsonRows(
  db: Session,
  table: string,
  columns: Record<string, JsonColumnType>,
  rows: Record<string, string | number | boolean | null>[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const structure = sqlString(JSON.stringify([columns]));
  await db.run(
    `insert into ${sqlTable(table)} (${names.map(sqlIdent).join(', ')})
     select ${names.map((n) => `r.${sqlIdent(n)}`).join(', ')}
     from (select unnest(from_json($1::JSON, ${structure})) as r)`,
    [JSON.stringify(rows)],
  );
}
