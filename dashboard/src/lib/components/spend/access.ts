// How the funder pages turn an authorization failure (an AccessError from the
// authorization layer behind the page data access) into a page: 401/403 keep their status and say so plainly
// (rendered by the route's +error.svelte), an unknown programme or CUP is a
// 404. Anything else is a real error and propagates.
import { error } from '@sveltejs/kit';

export function refusalOf(e: unknown, what: string): never {
  const err = e as { status?: number; code?: string; message?: string };
  if (err?.status === 401) error(401, 'Accesso richiesto: effettua il login. / Login required.');
  if (err?.status === 403)
    error(403, `${what}: non rientra nel tuo ambito di accesso. / ${what}: outside your access scope.`);
  if (err?.status === 400 || err?.status === 404) error(404, `${what}: non trovato nei dati caricati. / ${what}: not found in the loaded data.`);
  throw e;
}
