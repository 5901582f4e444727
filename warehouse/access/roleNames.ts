// What each role is called on screen, in Italian and English: the header's
// "signed in as" line and the "reserved to" line of a refused page. Pure
// data (no imports but types), so the SvelteKit app shows the same names as
// the pages the server renders itself.
import type { Role } from './roles.ts';

type Text = { it: string; en: string };

export const ROLE_NAMES: Readonly<Record<Role, { one: Text; many: Text }>> = {
  public: { one: { it: 'pubblico', en: 'public' }, many: { it: 'tutti', en: 'everyone' } },
  funder: { one: { it: 'finanziatore', en: 'funder' }, many: { it: 'finanziatori', en: 'funders' } },
  analyst: { one: { it: 'analista', en: 'analyst' }, many: { it: 'analisti', en: 'analysts' } },
  director: { one: { it: 'direzione', en: 'director' }, many: { it: 'direzione', en: 'directors' } },
  admin: { one: { it: 'amministratore', en: 'administrator' }, many: { it: 'amministratori', en: 'administrators' } },
};

/** "analisti, direzione e amministratori" / "analysts, directors and administrators". */
export function roleList(roles: readonly Role[], lang: 'it' | 'en'): string {
  const names = roles.map((r) => ROLE_NAMES[r].many[lang]);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${lang === 'it' ? 'e' : 'and'} ${names.at(-1)}`;
}
