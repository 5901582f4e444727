import { loadSection } from '$lib/server/section';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const by = url.searchParams.get('compare') === 'programme' ? 'programme' : 'office';
  return loadSection(locals, url, [
    { code: 'PL_FUNNEL', dims: ['office'] },
    { code: 'PL_RATE_1', dims: [by] },
    { code: 'PL_RATE_3', dims: [by] },
    { code: 'PL_RATE_6', dims: [by] },
    { code: 'PL_RATE_12', dims: [by] },
    { code: 'PL_QUAL', dims: ['contract_type'] },
    { code: 'PL_RET', dims: ['province'] },
    { code: 'PL_CONV', dims: ['province'] },
    { code: 'PL_EVT', dims: ['event_kind'] },
  ]).then((d) => ({ ...d, compare: by }));
};
