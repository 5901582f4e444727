// The login page: a plain HTML form that posts to Express's POST /auth/login
// (server/auth/http.ts), so it works without JavaScript. The user
// comes from the Express session middleware through adapter-node's platform.req.
import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

interface PlatformUser {
  username: string | null;
  role: string;
}

/** Same-site paths only ('/x', not '//host'), like the server's own check. */
function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) && !next.startsWith('/auth/') ? next : '/';
}

export const load: PageServerLoad = async (event) => {
  const user = (event.platform as { req?: { user?: PlatformUser } } | undefined)?.req?.user;
  const next = safeNext(event.url.searchParams.get('next'));
  // Signed in already: on to the page asked for, or to where this user's work is.
  if (user?.username) redirect(303, next === '/' ? (event.locals.data?.landing ?? next) : next);
  return {
    next,
    failed: event.url.searchParams.get('error') === '1',
  };
};
