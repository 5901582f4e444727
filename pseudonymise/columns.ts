// Which columns pseudonymise turns into pseudonyms and which it drops.
// A column is dropped when the load-time PII guard would refuse its name
// (piiColumnName: nome, cognome, email, telefono, indirizzo, iban, data_nascita,
// compounds such as email_referente or cf_madre, …) or when it is on the list
// below, so a pseudonymised file passes the guard by name.
import { piiColumnName } from '../ingest/pii/names.ts';
import { normaliseHeader } from '../ingest/pii/normalise.ts';

/**
 * Header normalisation is the loader's own (ingest/pii/normalise.ts), so a
 * column the load-time guard would match by name is matched here too.
 */
export const normaliseColumnName = normaliseHeader;

/** Names of columns holding a direct identifier or contact detail of a person. */
export const DIRECT_IDENTIFIER_COLUMNS: readonly string[] = [
  'nome',
  'cognome',
  'nominativo',
  'name',
  'surname',
  'first_name',
  'last_name',
  'full_name',
  'codice_fiscale',
  'cf',
  'email',
  'e_mail',
  'mail',
  'pec',
  'telefono',
  'tel',
  'cellulare',
  'phone',
  'mobile',
  'iban',
  'indirizzo',
  'address',
  'via',
];

/** Used when `--map` is not given: the usual identifier columns of job-centre exports. */
export const DEFAULT_MAP: Readonly<Record<string, 'person_id' | 'employer_id'>> = {
  codice_fiscale: 'person_id',
  cf: 'person_id',
  cf_lavoratore: 'person_id',
  codice_fiscale_lavoratore: 'person_id',
  cf_azienda: 'employer_id',
  codice_fiscale_azienda: 'employer_id',
  cf_datore: 'employer_id',
  partita_iva: 'employer_id',
  piva: 'employer_id',
};

/** Parses `codice_fiscale:person_id,cf_azienda:employer_id`. */
export function parseMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^:]+):([A-Za-z_][A-Za-z0-9_]*)$/.exec(part);
    if (!m) throw new Error(`--map entry '${part}' must look like source_column:target_column (e.g. codice_fiscale:person_id)`);
    map[normaliseColumnName(m[1])] = m[2];
  }
  return map;
}

export function parseList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((c) => normaliseColumnName(c)).filter(Boolean);
}

export interface ColumnPlan {
  /** Per input column: what happens to it. */
  actions: ({ kind: 'keep'; name: string } | { kind: 'pseudonymise'; name: string; from: string } | { kind: 'drop'; name: string })[];
  outputHeader: string[];
  mapped: { from: string; to: string }[];
  dropped: string[];
}

export function planColumns(header: string[], map: Record<string, string>, extraDrops: string[]): ColumnPlan {
  const drops = new Set([...DIRECT_IDENTIFIER_COLUMNS, ...extraDrops]);
  const actions: ColumnPlan['actions'] = header.map((h) => {
    const n = normaliseColumnName(h);
    if (map[n]) return { kind: 'pseudonymise', name: map[n], from: h };
    if (drops.has(n) || piiColumnName(h) !== undefined) return { kind: 'drop', name: h };
    return { kind: 'keep', name: h };
  });
  const outputHeader = [...actions.filter((a) => a.kind !== 'drop').map((a) => a.name), 'key_id'];
  return {
    actions,
    outputHeader,
    mapped: actions.filter((a) => a.kind === 'pseudonymise').map((a) => ({ from: (a as { from: string }).from, to: a.name })),
    dropped: actions.filter((a) => a.kind === 'drop').map((a) => a.name),
  };
}
