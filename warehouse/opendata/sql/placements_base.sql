-- Placements with their province (workplace comune, else the job seeker's
-- residence) and quarter of start. Both placement tables read this one base,
-- so they count the same population and share their province × quarter margin.
-- Computed from core (the marts' additive counts can replace it later).
with seeker as (
  select person_id,
         arg_max(gender, registered_on) as gender,
         arg_max(comune_code, registered_on) as comune_code
  from core.job_seekers
  group by person_id
)
select p.placement_id,
       cast(year(p.start_date) as varchar) || '-Q' || cast(quarter(p.start_date) as varchar) as period,
       c.cod_uts as territory,
       coalesce(s.gender, 'unknown') as gender,
       p.contract_type
from core.placements p
left join seeker s on s.person_id = p.person_id
join ref.comuni c on c.comune_code = coalesce(p.comune_code, s.comune_code)
