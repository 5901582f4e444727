-- One row per person: attributes of their latest registration (a person may
-- register more than once). age_band uses the age reached in the data's as-of
-- year; target_group is the first listed group ('none' when none).
with latest as (
  select *, row_number() over (partition by person_id order by registered_on desc) as rn
  from core.job_seekers
)
select person_id,
       coalesce(gender, 'unknown') as gender,
       coalesce(citizenship, 'unknown') as citizenship,
       coalesce(cast(education_isced as varchar), 'unknown') as isced,
       case
         when birth_year is null then 'unknown'
         when year(r.as_of) - birth_year < 25 then '15-24'
         when year(r.as_of) - birth_year < 35 then '25-34'
         when year(r.as_of) - birth_year < 45 then '35-44'
         when year(r.as_of) - birth_year < 55 then '45-54'
         else '55+'
       end as age_band,
       coalesce(target_groups[1], 'none') as target_group
from latest, mart.refresh_info r
where rn = 1
