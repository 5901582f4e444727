// Employers of the demo, per territory. Bologna's "Insieme per il lavoro" has a
// board of more than 100 member firms (board_member = true) at any scale.
import { SECTORS } from './codes.ts';
import { chance, pick, pseudonym, rngFor, weighted } from './random.ts';
import type { Territory } from './territories.ts';
import type { CsvFile } from './writer.ts';

export interface Employer {
  id: string;
  sector: string;
  comune: string;
  size: 'micro' | 'small' | 'medium' | 'large';
  board: boolean;
}

export const BOLOGNA_BOARD_SIZE = 112;

/** Generates and writes the employers; returns them grouped by territory code. */
export async function writeEmployers(
  seed: number,
  scale: number,
  terrs: Territory[],
  out: CsvFile,
): Promise<Map<string, Employer[]>> {
  const r = rngFor(seed, 'employers');
  const total = Math.max(200, Math.round(4000 * scale));
  const byTerritory = new Map<string, Employer[]>();
  let n = 0;
  for (const t of terrs) {
    const list: Employer[] = [];
    const count = Math.max(
      t.code === 'BO' ? BOLOGNA_BOARD_SIZE + 20 : 20,
      Math.round(total * t.share),
    );
    for (let i = 0; i < count; i++) {
      const board = t.code === 'BO' && i < BOLOGNA_BOARD_SIZE;
      const size = board
        ? weighted(r, [
            ['small', 3],
            ['medium', 4],
            ['large', 3],
          ] as const)
        : weighted(r, [
            ['micro', 55],
            ['small', 30],
            ['medium', 11],
            ['large', 4],
          ] as const);
      const e: Employer = {
        id: pseudonym(seed, 'employer', n++),
        sector: weighted(r, SECTORS),
        comune: chance(r, 0.6) ? t.capoluogo : pick(r, t.comuni),
        size,
        board,
      };
      list.push(e);
      await out.row([e.id, e.sector, e.comune, e.size, e.board]);
    }
    byTerritory.set(t.code, list);
  }
  return byTerritory;
}
