// A comune-level publication printed before a merger names the comuni that
// merged one by one (Moransengo and Tonengo in a 2019 file); today they are
// one comune (Moransengo-Tonengo). Their figures roll up into today's comune:
// a flow or a stock at a date is the sum of its parts; a count of distinct
// persons, a ratio or a mean cannot be made from its parts, so a file that
// would need that is refused with the row, never loaded as one part's figure.
import { addsAcrossTerritories } from '../../warehouse/official/additivity.ts';
import type { Additivity } from '../../warehouse/official/series.ts';

/** One figure of the official_series feed, before it is written. */
export interface SeriesFigure {
  /** Measure, territory, period and breakdowns: what makes it one figure. */
  key: string;
  /** The territory as the publication printed it. */
  sourceTerritory: string;
  value: number | null;
  /** `na` when the publication marks the figure as missing. */
  flags: string | null;
  /** Everything else written with the figure, in the feed's column order where it stands. */
  rest: Record<string, string | null>;
}

/** Decimal places of a number as the loader reads it back (feedDecimal): never more than its parts had. */
function decimals(value: number): number {
  const text = String(value);
  if (/e/i.test(text)) return 20;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The sum of published figures, without the binary fractions a float sum adds (0.1 + 0.2). */
export function exactSum(values: number[]): number {
  const places = Math.min(20, Math.max(0, ...values.map(decimals)));
  return Number(values.reduce((a, b) => a + b, 0).toFixed(places));
}

/** Figures of one comune-level file, combined per today's comune. */
export class ComuneRollUp {
  /** Figure key → the figures of every printed comune that is today's comune of the key. */
  private readonly parts = new Map<string, SeriesFigure[]>();

  /**
   * Adds a figure whose territory is today's comune. Returns false when a
   * figure of another past comune is already there and the measure does not
   * add up across territories (the caller refuses the row).
   */
  add(figure: SeriesFigure, additivity: Additivity): boolean {
    const there = this.parts.get(figure.key);
    if (!there) {
      this.parts.set(figure.key, [figure]);
      return true;
    }
    if (!addsAcrossTerritories(additivity)) return false;
    there.push(figure);
    return true;
  }

  /** One figure per today's comune: the parts summed, their printed territories joined with ` + `. */
  *combined(): Iterable<SeriesFigure> {
    for (const parts of this.parts.values()) {
      if (parts.length === 1) {
        yield parts[0];
        continue;
      }
      const values = parts.map((p) => p.value);
      const missing = values.some((v) => v === null);
      yield {
        ...parts[0],
        sourceTerritory: parts.map((p) => p.sourceTerritory).join(' + '),
        // A sum with a missing part is not known: missing, never the sum of the rest.
        value: missing ? null : exactSum(values as number[]),
        flags: missing ? 'na' : null,
      };
    }
  }
}
