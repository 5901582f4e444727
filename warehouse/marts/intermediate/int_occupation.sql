-- Every occupation code seen in core → CP2021 major group and ISCO-08 major
-- group. Codes arrive as CP2021 ('5.1.2.2.0') or ISCO-08 ('ISCO:5223'); the two
-- classifications are linked at major-group level only (ref.occupation_major_map).
with codes as (
  select occupation_code as code from core.vacancies
  union select occupation_code from core.placements where occupation_code is not null
  union select desired_occupation_code from core.job_seekers where desired_occupation_code is not null
), majors as (
  select code,
         case when code like 'ISCO:%' then null else split_part(code, '.', 1) end as cp_major,
         case when code like 'ISCO:%' then substr(code, 6, 1) else null end as isco_major
  from codes
)
select m.code,
       coalesce(m.cp_major, mi.cp2021_major) as occupation_group,
       coalesce(m.isco_major, mc.isco08_major) as isco_major
from majors m
left join ref.occupation_major_map mc on mc.cp2021_major = m.cp_major
left join ref.occupation_major_map mi on mi.isco08_major = m.isco_major
