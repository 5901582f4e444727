-- comune → province (cod_uts) → region (cod_regione), incl. old comune codes
-- of the 2025 Sardinia reform mapped to the new ones.
select c.comune_code, c.cod_uts as province, c.cod_regione as region
from ref.comuni c
union all
select x.old_code, c.cod_uts, c.cod_regione
from ref.comuni_crosswalk x join ref.comuni c on c.comune_code = x.new_code
where x.old_code not in (select comune_code from ref.comuni)
