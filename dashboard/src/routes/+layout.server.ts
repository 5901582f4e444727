import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => ({
  lang: locals.lang,
  demo: (await locals.data?.demo()) ?? false,
  role: locals.data?.user?.role ?? 'public',
  username: locals.data?.user?.username ?? null,
});
