// Column names that announce a direct identifier (contract rule 5). A header
// that is a declared column of the feed is never flagged (offices.name is the
// office's name, not a person's); anything else whose name, or one of its
// `_`-separated words, is on this list refuses the file before any value is
// read into the warehouse.
import { normaliseHeader } from './normalise.ts';

/** Whole normalised names that are direct identifiers. */
export const PII_COLUMN_NAMES = new Set([
  'nome',
  'cognome',
  'name',
  'surname',
  'first_name',
  'last_name',
  'full_name',
  'given_name',
  'family_name',
  'nominativo',
  'nome_cognome',
  'cognome_nome',
  'ragione_sociale_persona',
  'codice_fiscale',
  'codicefiscale',
  'cf',
  'cod_fisc',
  'cod_fiscale',
  'codfisc',
  'fiscal_code',
  'tax_code',
  'tax_id',
  'ssn',
  'partita_iva',
  'p_iva',
  'piva',
  'email',
  'e_mail',
  'mail',
  'pec',
  'email_address',
  'telefono',
  'tel',
  'cellulare',
  'cell',
  'phone',
  'mobile',
  'phone_number',
  'numero_telefono',
  'fax',
  'iban',
  'conto_corrente',
  'indirizzo',
  'address',
  'via',
  'street',
  'residenza',
  'domicilio',
  'data_nascita',
  'data_di_nascita',
  'date_of_birth',
  'birth_date',
  'luogo_nascita',
  'luogo_di_nascita',
]);

/** Words that make a compound name an identifier (`email_referente`, `telefono_cpi`). */
const PII_WORDS = new Set([
  'nome',
  'cognome',
  'surname',
  'nominativo',
  'codice_fiscale',
  'cf',
  'codfisc',
  'email',
  'mail',
  'pec',
  'telefono',
  'cellulare',
  'phone',
  'iban',
  'indirizzo',
  'address',
]);

/** The kind of identifier a header name announces, or undefined. */
export function piiColumnName(header: string): string | undefined {
  const n = normaliseHeader(header);
  if (PII_COLUMN_NAMES.has(n)) return n;
  const words = n.split('_');
  if (n.includes('codice_fiscale')) return 'codice_fiscale';
  return words.find((w) => PII_WORDS.has(w));
}
