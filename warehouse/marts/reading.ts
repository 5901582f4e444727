// A model's SQL made to read a temp table in place of a core table. When a
// refresh needs only some rows of a large table (the touched people's, the
// touched vacancies'), it copies them once and runs the model's own SQL on
// the copy: the model stays written once, for the whole table, and the
// refresh reads what it needs instead of filtering the model's result.
import type { CoreTable } from './plans.ts';

/** `sql` reading `copy` wherever it reads `table`. */
export function readingInstead(sql: string, table: CoreTable, copy: string): string {
  return sql.replace(new RegExp(`\\b${table.replace('.', '\\.')}\\b`, 'g'), copy);
}
