// Per request: the page data access Express attached to the Node request
// (adapter-node's platform.req) — services and user already bound — and the
// language (?lang= wins, then the cookie, else Italian) so the
// server-rendered page is in the right language. No warehouse code is
// imported here: only types.
import type { Handle } from '@sveltejs/kit';
import { resolveLang } from '$lib/i18n';
import type { PageData as ServerPageData } from '../../server/api/pageData.ts';

export const handle: Handle = async ({ event, resolve }) => {
  const req = (event.platform as { req?: { pageData?: ServerPageData } } | undefined)?.req;
  event.locals.data = req?.pageData;
  const asked = event.url.searchParams.get('lang');
  const lang = resolveLang(asked ?? event.cookies.get('lang'));
  if (asked && asked === lang) event.cookies.set('lang', lang, { path: '/', sameSite: 'lax', httpOnly: false, maxAge: 31536000 });
  event.locals.lang = lang;
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
  // A page rendered with invalid URL parameters answers 400 with its alert (the
  // page stays usable). Client navigations' data requests keep 200, which is
  // what SvelteKit's router expects of a rendered page's data.
  if (event.locals.paramProblems?.length && !event.isDataRequest && response.status === 200)
    return new Response(response.body, { status: 400, statusText: 'Bad Request', headers: response.headers });
  return response;
};
