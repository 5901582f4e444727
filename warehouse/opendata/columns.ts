// What each column of a public table means, in Italian and English. Pure data
// and code (no file or database access), so both the published dictionary
// (dictionary.ts) and the /open-data page (SvelteKit) describe columns with
// the same words.

export interface Bilingual {
  it: string;
  en: string;
}

/** Dimensions every public table has, and the categories the tables use. */
export const DIMENSION_DESCRIPTIONS: Record<string, Bilingual> = {
  period: {
    it: 'Periodo: trimestre (AAAA-Qn) o anno (AAAA)',
    en: 'Period: quarter (YYYY-Qn) or year (YYYY)',
  },
  period_status: {
    it: 'Stato del periodo: provisional = provvisorio (finito da meno di 3 mesi alla data dei dati, può essere rivisto), final = definitivo',
    en: 'Period status: provisional (ended less than 3 months before the data date, may be revised) or final',
  },
  territory: {
    it: "Codice ISTAT della regione (2 cifre, solo se tutte le sue province sono coperte) o della provincia/UTS (3 cifre); unknown = non indicato; _T = totale dell'area coperta (Italia solo se i dati coprono ogni provincia, altrimenti «Aree coperte (n province)»)",
    en: 'ISTAT code of the region (2 digits, only when all its provinces are covered) or province/UTS (3 digits); unknown = not stated; _T = total of the covered area (Italy only when the data cover every province, otherwise "Aree coperte (n province)")',
  },
  contract_type: {
    it: 'Gruppo di tipo di contratto (other = autonomo, tirocinio, altri, non indicato); _T = totale',
    en: 'Contract type group (other = self-employment, traineeship, others, not stated); _T = total',
  },
  occupation_broad: {
    it: 'Gruppo professionale: grandi gruppi CP2021 accorpati (1-3, 4-5, 6-7, 8, 9); _T = totale',
    en: 'Occupation group: CP2021 major groups joined (1-3, 4-5, 6-7, 8, 9); _T = total',
  },
  age_band: {
    it: "Classe di età (età raggiunta nell'anno dei dati); _T = totale",
    en: 'Age band (age reached in the data year); _T = total',
  },
  citizenship: { it: 'Cittadinanza; _T = totale', en: 'Citizenship; _T = total' },
};

const LEVELS: Record<string, Bilingual> = {
  period: { it: 'Livello del periodo: quarter o year', en: 'Period level: quarter or year' },
  territory: {
    it: "Livello territoriale: total (l'area coperta), region, province o unknown",
    en: 'Territorial level: total (the covered area), region, province or unknown',
  },
};

/**
 * Description of a column of a public table. `measures` are the table's
 * measures and rates with their own descriptions; everything else follows
 * the naming of the protected tables (<dim>, <dim>_label, <dim>_level,
 * <measure>, <measure>_flag).
 */
export function describeColumn(
  column: string,
  measures: { name: string; description: Bilingual }[],
): Bilingual {
  const base = column.replace(/_(label|level|flag)$/, '');
  const suffix = column.slice(base.length);
  const measure = measures.find((m) => m.name === base);
  if (suffix === '_label')
    return { it: `Etichetta (italiano) di ${base}`, en: `Label (Italian) of ${base}` };
  if (suffix === '_level')
    return (
      LEVELS[base] ?? {
        it: `Livello di ${base}: categoria o total`,
        en: `Level of ${base}: category or total`,
      }
    );
  if (suffix === '_flag')
    return {
      it: `Flag di ${base}: "c" = soppresso per riservatezza (valore vuoto)`,
      en: `Flag of ${base}: "c" = suppressed for confidentiality (empty value)`,
    };
  if (measure) return measure.description;
  return DIMENSION_DESCRIPTIONS[column] ?? { it: '', en: '' };
}

/** The flag of a suppressed cell and what it means (page, XLSX note, catalogue). */
export const FLAG_EXPLANATION: Bilingual = {
  it: 'c = dato non pubblicato per tutela della riservatezza statistica: il valore è inferiore alla soglia o permetterebbe di ricavare un valore inferiore alla soglia.',
  en: 'c = value not published to protect statistical confidentiality: it is below the threshold, or would let someone work out a value below the threshold.',
};
