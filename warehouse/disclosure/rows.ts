// Disclosure control for rows that are not one of the predefined public
// tables (a funder's KPI result): the same threshold, flag 'c' and value null.
// Primary suppression per count column, plus the smallest other non-zero cell
// of a column whose single hidden cell a column total would reveal.
import type { Row } from '../db.ts';
import { FLAG_CONFIDENTIAL } from './protect.ts';
import { isUnsafeCount, type DisclosurePolicy } from './policy.ts';

export function suppressSmallCounts(rows: Row[], countColumns: string[], policy: DisclosurePolicy): Row[] {
  const out = rows.map((r) => ({ ...r }));
  for (const col of countColumns) {
    const hidden = new Set<number>();
    out.forEach((r, i) => {
      const v = r[col];
      if (typeof v === 'number' && isUnsafeCount(v, policy)) hidden.add(i);
    });
    if (hidden.size === 1 && out.length > 1) {
      let best = -1;
      out.forEach((r, i) => {
        const v = r[col];
        if (!hidden.has(i) && typeof v === 'number' && v > 0 && (best < 0 || v < (out[best][col] as number))) best = i;
      });
      if (best >= 0) hidden.add(best);
    }
    for (const i of hidden) {
      out[i][col] = null;
      out[i][`${col}_flag`] = FLAG_CONFIDENTIAL;
    }
  }
  return out;
}
