-- mart.labour_tightness — snapshot at the data's as-of date, grain:
-- province × occupation (as reported). Serves MM_TIGHT and MM_FLAG.
-- Columns:
--   region, province           territory (vacancy: where the job is; seeker: residence, else their office)
--   occupation                 occupation code as reported (CP2021 any level or 'ISCO:nnnn'; for seekers the
--                              desired occupation). Vacancies and seekers meet only when coded alike: there
--                              is no CP2021↔ISCO map below major group, so each is reported in its own terms.
--   occupation_group, isco_major   CP2021 / ISCO-08 major group of that occupation
--   open_vacancies, open_positions  vacancies published on or before as_of and not closed by then
--   seekers                    people available at as_of (latest registration, not deregistered,
--                              status unemployed / underemployed / employed_seeking or unknown)
--                              whose desired occupation it is; each person once (one desired occupation),
--                              so sums over occupations of a group still count each person once
--   filled_12m, days_to_fill_12m   vacancies filled in the 12 months up to as_of and the sum of their
--                              days to fill (mean time to fill = days / filled, additive)
with r as (select as_of from mart.refresh_info),
open_v as (
  select region, province, occupation, occupation_group, isco_major,
         count(*) as open_vacancies, sum(positions) as open_positions
  from mart.vacancy_outcomes where not is_closed
  group by all
),
latest as (
  select js.*, row_number() over (partition by js.person_id order by js.registered_on desc) as rn
  from core.job_seekers js, r where js.registered_on <= r.as_of
),
seek as (
  select t.region, t.province, l.desired_occupation_code as occupation, o.occupation_group, o.isco_major,
         count(*) as seekers
  from latest l
  cross join r
  left join core.offices f on f.office_id = l.office_id
  left join int_territory t on t.comune_code = coalesce(l.comune_code, f.comune_code)
  join int_occupation o on o.code = l.desired_occupation_code
  where l.rn = 1
    and (l.deregistered_on is null or l.deregistered_on > r.as_of)
    and coalesce(l.status, 'unemployed') in ('unemployed', 'underemployed', 'employed_seeking')
  group by all
),
ttf as (
  select v.region, v.province, v.occupation, v.occupation_group, v.isco_major,
         count(*) as filled_12m, sum(v.days_to_fill) as days_to_fill_12m
  from mart.vacancy_outcomes v
  where v.is_filled and v.close_month > strftime((select as_of from r) - interval 12 month, '%Y-%m')
  group by all
)
select coalesce(a.region, b.region, c.region) as region,
       coalesce(a.province, b.province, c.province) as province,
       coalesce(a.occupation, b.occupation, c.occupation) as occupation,
       coalesce(a.occupation_group, b.occupation_group, c.occupation_group) as occupation_group,
       coalesce(a.isco_major, b.isco_major, c.isco_major) as isco_major,
       coalesce(a.open_vacancies, 0) as open_vacancies,
       coalesce(a.open_positions, 0) as open_positions,
       coalesce(b.seekers, 0) as seekers,
       coalesce(c.filled_12m, 0) as filled_12m,
       coalesce(c.days_to_fill_12m, 0) as days_to_fill_12m
from open_v a
full join seek b on a.province is not distinct from b.province and a.occupation is not distinct from b.occupation
full join ttf c on coalesce(a.province, b.province) is not distinct from c.province
              and coalesce(a.occupation, b.occupation) is not distinct from c.occupation
