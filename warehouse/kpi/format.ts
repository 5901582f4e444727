// Plain-text renderings of a KpiResult for the CLI and downloads: CSV
// (RFC 4180, '.' decimals, empty cell for null) and an aligned text table.
import { toCsvText } from '../csv.ts';
import type { Cell } from '../db.ts';
import type { KpiResult } from './types.ts';

function text(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function kpiToCsv(result: KpiResult): string {
  const names = result.columns.map((c) => c.name);
  return toCsvText([names, ...result.rows.map((row) => names.map((n) => text(row[n] ?? null)))]);
}

export function kpiToTable(result: KpiResult, lang: 'it' | 'en' = 'it'): string {
  const names = result.columns.map((c) => c.name);
  const cells = result.rows.map((row) => names.map((n) => (row[n] === null ? '—' : text(row[n] ?? null))));
  const widths = names.map((n, i) => Math.max(n.length, ...cells.map((r) => r[i].length)));
  const measures = new Set(result.columns.filter((c) => c.type === 'measure').map((c) => c.name));
  const pad = (s: string, i: number) => (measures.has(names[i]) ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const d = result.definition;
  const out = [
    `${d.code} — ${d.name[lang]}${d.context ? (lang === 'it' ? ' (contesto)' : ' (context)') : ''}`,
    names.map(pad).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((r) => r.map(pad).join('  ')),
    '',
    ...result.notes.map((n) => n[lang]),
    `mart version ${result.martVersion}, as of ${result.asOf}` +
      (result.thresholds ? `, thresholds on track ≥ ${result.thresholds.onTrack}, at risk ≥ ${result.thresholds.atRisk}` : ''),
  ];
  return out.join('\n') + '\n';
}
