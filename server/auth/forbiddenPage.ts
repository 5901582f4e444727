// The page a browser gets when the route guard refuses a signed-in user:
// styled like the dashboard, in Italian unless the visitor chose English,
// saying who is signed in, why the page is closed to them (the roles it is
// reserved to, or that a project or programme is outside their account) and
// where their own work is. Rendered here, not by SvelteKit: the guard answers
// before any page code runs, so a refused page never loads its data.
import type { AuthUser } from '../../warehouse/accounts/account.ts';
import { ROLE_NAMES, roleList } from '../../warehouse/access/roleNames.ts';
import type { RouteRule } from './routeAccess.ts';

export type PageLang = 'it' | 'en';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** ?lang= wins, then the dashboard's lang cookie, else Italian (as the SvelteKit pages decide). */
export function pageLang(queryLang: unknown, cookieHeader: string | undefined): PageLang {
  if (queryLang === 'en' || queryLang === 'it') return queryLang;
  return /(?:^|;\s*)lang=en(?:;|$)/.test(cookieHeader ?? '') ? 'en' : 'it';
}

function reason(rule: RouteRule, user: AuthUser, lang: PageLang): string {
  if (rule.access !== 'public' && rule.access.includes(user.role) && rule.scoped) {
    const what = rule.scoped === 'programme' ? { it: 'Questo programma', en: 'This programme' } : { it: 'Questo progetto', en: 'This project' };
    return lang === 'it'
      ? `${what.it} non è tra quelli assegnati al tuo account.`
      : `${what.en} is not one of those assigned to your account.`;
  }
  const roles = rule.access === 'public' ? [] : rule.access;
  return lang === 'it' ? `Questa pagina è riservata a: ${roleList(roles, 'it')}.` : `This page is reserved to ${roleList(roles, 'en')}.`;
}

export function forbiddenPage(opts: { rule: RouteRule; user: AuthUser; landing: string; lang: PageLang }): string {
  const { rule, user, landing, lang } = opts;
  const it = lang === 'it';
  const name = escapeHtml(user.username ?? '');
  const role = ROLE_NAMES[user.role].one[lang];
  const home = escapeHtml(landing);
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${it ? 'Accesso non consentito' : 'Access not allowed'} — Osservatorio</title>
<link rel="icon" href="/favicon.svg">
<style>
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff;line-height:1.45}
a{color:#0b4f8a}:focus-visible{outline:3px solid #c25e00;outline-offset:2px}
header{background:#0b4f8a;color:#fff}.bar{display:flex;gap:1rem;align-items:center;padding:.6rem 1rem;flex-wrap:wrap}
.brand{color:#fff;font-weight:700;text-decoration:none;flex:1}.who{margin:0}
.who button{font:inherit;color:#fff;background:none;border:0;padding:0;text-decoration:underline;cursor:pointer}
main{padding:1rem;max-width:48rem;margin:0 auto}.code{color:#4a4a4a;margin:0}
.actions a{display:inline-block;margin:.5rem 1rem .5rem 0;padding:.5rem .9rem;border:1px solid #0b4f8a;border-radius:4px;text-decoration:none}
.actions a.primary{background:#0b4f8a;color:#fff}
</style></head>
<body>
<header><div class="bar"><a class="brand" href="${home}">${it ? 'Osservatorio del mercato del lavoro' : 'Labour-market observatory'}</a>
<form class="who" method="post" action="/auth/logout" data-testid="signed-in">${it ? 'Accesso come' : 'Signed in as'} <strong>${name}</strong> (${role}) · <button type="submit">${it ? 'Esci' : 'Sign out'}</button></form></div></header>
<main id="main">
<p class="code">${it ? 'Errore 403' : 'Error 403'}</p>
<h1>${it ? 'Non hai accesso a questa pagina' : 'You do not have access to this page'}</h1>
<p role="alert" data-testid="forbidden-reason">${escapeHtml(reason(rule, user, lang))}</p>
<p>${it ? `Il tuo account (${role}) apre le pagine del tuo lavoro: parti da lì.` : `Your account (${role}) opens the pages of your work: start there.`}</p>
<p class="actions"><a class="primary" href="${home}" data-testid="forbidden-home">${it ? 'Vai alla tua pagina iniziale' : 'Go to your start page'}</a><a href="/open-data">${it ? 'Dati aperti' : 'Open data'}</a></p>
</main>
</body></html>
`;
}
