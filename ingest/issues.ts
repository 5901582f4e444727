// Issues as one line of text, for the CLI, ops.loads and error messages.
import type { LoadResult } from './loadTypes.ts';
import type { Issue } from './validate.ts';

export function formatIssues(result: LoadResult, max = 5): string {
  const head = `${result.file}: ${result.status}`;
  const lines = result.errors.slice(0, max).map((i) => `  - ${describeIssue(i)}`);
  const more = result.errors.length > max ? [`  … and ${result.errors.length - max} more`] : [];
  return [head, ...lines, ...more].join('\n');
}

export function describeIssue(i: Issue): string {
  const where = [i.row != null ? `row ${i.row}` : null, i.column ? `column ${i.column}` : null]
    .filter(Boolean)
    .join(', ');
  const count = i.count && i.count > 1 ? ` (${i.count} rows)` : '';
  return `${where ? where + ': ' : ''}${i.message} [${i.rule}]${count}`;
}
