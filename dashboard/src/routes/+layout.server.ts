// Data every page's frame needs: the language, the demo banner, who is
// signed in, where their work is (the brand link and the error pages' way
// back) and the sections they may open. Which sections those are is decided
// by the server's route table (the same rules the route guard enforces), so
// the navigation never offers a link that would answer 403.
import type { LabelKey } from '$lib/i18n';
import type { LayoutServerLoad } from './$types';

/** Every section of the dashboard, in the navigation's order. */
const SECTIONS: readonly { path: string; key: LabelKey }[] = [
  { path: '/', key: 'overview' },
  { path: '/mismatch', key: 'mismatch' },
  { path: '/placements', key: 'placements' },
  { path: '/context', key: 'context' },
  { path: '/spend', key: 'spend' },
  { path: '/explore', key: 'explore' },
  { path: '/open-data', key: 'openData' },
  { path: '/methodology', key: 'methodology' },
  { path: '/operations', key: 'operations' },
  { path: '/alerts', key: 'alerts' },
];

export interface NavLink {
  /** Where the link goes (the overview of a user's home territory carries its filter). */
  href: string;
  /** The pathname that marks the link as the current page. */
  path: string;
  key: LabelKey;
}

export const load: LayoutServerLoad = async ({ locals, url }) => {
  const data = locals.data;
  const landing = data?.landing ?? '/open-data';
  const open = new Set(data ? await data.openable(SECTIONS.map((s) => s.path)) : []);
  const nav: NavLink[] = SECTIONS.filter((s) => open.has(s.path)).map((s) => ({
    ...s,
    href: s.path === '/' && landing.startsWith('/?') ? landing : s.path,
  }));
  // A funder's own project or programme comes first: it is where their work is.
  const own = /^\/(projects|programmes)\/[^/?]+$/.exec(landing);
  if (own) nav.unshift({ href: landing, path: landing, key: own[1] === 'projects' ? 'yourProject' : 'yourProgramme' });
  return {
    // Reading ?lang marks the layout as depending on it (client navigation re-runs this load).
    langParam: url.searchParams.get('lang'),
    lang: locals.lang,
    demo: (await data?.demo()) ?? false,
    role: data?.user?.role ?? 'public',
    username: data?.user?.username ?? null,
    landing,
    nav,
  };
};
