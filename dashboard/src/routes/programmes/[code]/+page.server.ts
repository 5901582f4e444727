import { error } from '@sveltejs/kit';
import { kpiView } from '$lib/server/kpi';
import { toQuery } from '$lib/server/section';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!/^[\w.-]{1,64}$/.test(params.code)) error(404, 'Not a programme code.');
  const filters = { programme: [params.code] };
  const specs = [
    { code: 'SP_STAGE', dims: ['project'] },
    { code: 'SP_PAID', dims: ['project'] },
    { code: 'SP_PACE', dims: ['project'] },
    { code: 'SP_RISK', dims: ['programme'] },
    { code: 'SP_TGT', dims: ['project', 'indicator', 'target_kind'] },
  ];
  const views = await Promise.all(
    specs.map((s) => kpiView(locals, s.code, { dims: s.dims, filters }).then((v) => ({ ...v, query: toQuery({ dims: s.dims, filters }) }))),
  );
  return { code: params.code, views };
};
