import type { Text } from '../../../warehouse/kpi/types.ts';

export interface ViewColumn {
  name: string;
  type: 'dimension' | 'measure';
  unit: string | null;
  label: Text;
}

export interface KpiView {
  code: string;
  name: Text;
  unit: string;
  value: string;
  higherIsBetter: boolean | null;
  dims: string[];
  columns: ViewColumn[];
  rows: Record<string, unknown>[];
  asOf: string | null;
  error: { code: string; message: string; status: number } | null;
}
