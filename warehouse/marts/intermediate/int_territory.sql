-- comune code as found in the data → today's comune, its province (cod_uts)
-- and region (cod_regione): today's codes map to themselves; every past code
-- (the roll-up of the lists loaded, the 2025 Sardinian crosswalk, the shipped
-- codes retired since 1991: ref.comuni_old_codes) maps to the comune that holds
-- its territory today, so marts count them there (`current_comune`).
select c.comune_code, c.comune_code as current_comune, c.cod_uts as province, c.cod_regione as region
from ref.comuni c
union all
select o.old_code, c.comune_code, c.cod_uts, c.cod_regione
from ref.comuni_old_codes o join ref.comuni c on c.comune_code = o.current_code
