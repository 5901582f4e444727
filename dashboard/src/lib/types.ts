import type { Text } from '../../../warehouse/kpi/types.ts';
import type { CodeNames } from './labels/codes.ts';

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
  /** Names of the dimension codes in the rows (territories, occupations, …), from the reference tables. */
  names?: CodeNames;
  error: { code: string; message: string; status: number } | null;
}
