import { error } from '@sveltejs/kit';
import { dataOf, kpiView } from '$lib/server/kpi';
import { toQuery } from '$lib/server/section';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!/^[A-Z0-9]{15}$/.test(params.cup)) error(404, `'${params.cup}' is not a CUP (15 letters and digits).`);
  const filters = { project: [params.cup] };
  const specs = [
    { code: 'SP_STAGE', dims: ['project'] },
    { code: 'SP_PAID', dims: ['project'] },
    { code: 'SP_PACE', dims: ['project'] },
    { code: 'SP_TGT', dims: ['project', 'indicator', 'target_kind'] },
    { code: 'SP_CPP', dims: ['project'] },
  ];
  const views = await Promise.all(
    specs.map((s) => kpiView(locals, s.code, { dims: s.dims, filters }).then((v) => ({ ...v, query: toQuery({ dims: s.dims, filters }) }))),
  );
  const snapshots = await dataOf(locals).projectSnapshots(params.cup);
  return { cup: params.cup, views, snapshots };
};
