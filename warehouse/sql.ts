// Quoting helpers for the few places where SQL text must carry a name or a
// literal that cannot be a bound parameter (table-function file paths,
// identifiers from our own allow-lists). Never use them on user input that was
// not first checked against an allow-list.

/** 'it''s' — a SQL string literal. */
export function sqlString(value: string): string {
  if (value.includes('\0')) throw new Error('NUL byte in SQL literal');
  return `'${value.replaceAll("'", "''")}'`;
}

/** "name" — a quoted identifier; only for names from our own definitions. */
export function sqlIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Refusing identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** schema.table from our own definitions. */
export function sqlTable(qualified: string): string {
  return qualified.split('.').map(sqlIdent).join('.');
}
