-- comune code as found in the data → today's comune, its province (cod_uts)
-- and region (cod_regione): today's codes map to themselves; old codes of the
-- 2025 Sardinia reform and every past code of the comuni history (mergers,
-- renumberings, changes of province) map to the comune that holds their
-- territory today, so marts count them there (`current_comune`).
select c.comune_code, c.comune_code as current_comune, c.cod_uts as province, c.cod_regione as region
from ref.comuni c
union all
select x.old_code, c.comune_code, c.cod_uts, c.cod_regione
from ref.comuni_crosswalk x join ref.comuni c on c.comune_code = x.new_code
where x.old_code not in (select comune_code from ref.comuni)
union all
select r.old_code, c.comune_code, c.cod_uts, c.cod_regione
from ref.comuni_rollup r join ref.comuni c on c.comune_code = r.current_code
where r.old_code not in (select comune_code from ref.comuni)
  and r.old_code not in (select old_code from ref.comuni_crosswalk)
