import { loadSection } from '$lib/server/section';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) =>
  loadSection(locals, url, [
    { code: 'SP_STAGE', dims: ['programme'] },
    { code: 'SP_PAID', dims: ['project'] },
    { code: 'SP_PACE', dims: ['project'] },
    { code: 'SP_RISK', dims: ['programme'] },
    { code: 'SP_TGT', dims: ['project', 'indicator', 'target_kind'] },
    { code: 'SP_CPP', dims: ['programme'] },
  ]);
