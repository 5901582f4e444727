// Sardinia's provinces were redrawn twice. In 2016 Sud Sardegna and the
// metropolitan city of Cagliari replaced Cagliari, Carbonia-Iglesias, Medio
// Campidano, Ogliastra and Olbia-Tempio; the regional reform of 2021 (in force
// from 17 July 2025) made today's eight: the metropolitan cities of Cagliari
// and Sassari, Gallura Nord-Est Sardegna, Nuoro, Ogliastra, Medio Campidano,
// Oristano and Sulcis Iglesiente. Official statistics use them from
// 1 January 2026 (ISTAT, "Codici delle unità amministrative", notice of
// 17 July 2025); until then a publication's "Sassari" is the old province,
// Gallura included. Today's provinces are not unions of the old ones (Sud
// Sardegna went to five of them), so a provincial figure of Sardinia for an
// earlier period cannot be filed under any of today's provinces: it is
// refused with its row, never stored under today's province of the same name.
import { readShippedCsv } from '../../warehouse/reference/referenceDir.ts';
import { labelKey } from './labels.ts';

/** The first day official statistics use the provinces of the 2021 reform. */
export const SARDINIA_REFORM_IN_STATISTICS = '2026-01-01';

/**
 * Sardinian provinces of the earlier maps that are no province today, by the
 * codes ISTAT gave them (historical code, or UTS code of the metropolitan
 * city of Cagliari 2016–2025) and by the names no province of today bears.
 */
const PAST_CODES = new Set(['090', '091', '092', '095', '104', '105', '106', '107', '111', '292']);
const PAST_NAMES = new Set(['Sud Sardegna', 'Olbia-Tempio', 'Carbonia-Iglesias'].map(labelKey));

let today: Set<string> | undefined;

/** Today's Sardinian provinces (cod_uts), from the shipped province list. */
function sardinianProvinces(): Set<string> {
  today ??= new Set(
    readShippedCsv('province.csv')
      .filter((p) => p.cod_regione === '20')
      .map((p) => p.cod_uts),
  );
  return today;
}

/** A printed province (code or name) of Sardinia's earlier maps that no province of today is. */
export function isPastSardinianProvince(printed: string, by: 'name' | 'code'): boolean {
  return by === 'code' ? PAST_CODES.has(printed.trim()) : PAST_NAMES.has(labelKey(printed));
}

/** True when `t` is one of today's Sardinian provinces and the period begins before official statistics used them. */
export function sardinianProvinceBeforeReform(
  t: { level: string; code: string },
  periodStart: string,
): boolean {
  return (
    t.level === 'provincia' &&
    periodStart < SARDINIA_REFORM_IN_STATISTICS &&
    sardinianProvinces().has(t.code)
  );
}
