import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => ({
  // Reading ?lang marks the layout as depending on it (client navigation re-runs this load).
  langParam: url.searchParams.get('lang'),
  lang: locals.lang,
  demo: (await locals.data?.demo()) ?? false,
  role: locals.data?.user?.role ?? 'public',
  username: locals.data?.user?.username ?? null,
});
