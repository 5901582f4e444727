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
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
};
