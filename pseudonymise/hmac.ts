// The pseudonym: HMAC-SHA256(key, normalised identifier) as 64 lowercase hex.
import { createHmac } from 'node:crypto';

/**
 * Trim and upper-case only. Omocodia variants (a codice fiscale where digits
 * were replaced by letters because two people collided) are deliberately NOT
 * folded back to the base code: the variant *is* the identifier of a different
 * person, and folding would merge two people into one pseudonym.
 */
export function normaliseIdentifier(value: string): string {
  return value.trim().toUpperCase();
}

/** Pseudonym of one identifier; an empty value stays empty. */
export function pseudonym(key: Buffer, value: string): string {
  const v = normaliseIdentifier(value);
  if (v === '') return '';
  return createHmac('sha256', key).update(v, 'utf8').digest('hex');
}
