import { loadSection } from '$lib/server/section';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) =>
  loadSection(locals, url, [
    { code: 'MM_TIGHT', dims: ['province', 'occupation_group'] },
    { code: 'MM_FLAG', dims: ['province', 'occupation_group'] },
    { code: 'MM_HTF', dims: ['province'] },
    { code: 'MM_TTF', dims: ['occupation_group'] },
    { code: 'MM_DECL', dims: ['province'] },
    { code: 'MM_VAC', dims: ['quarter'] },
  ]);
