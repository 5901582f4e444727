-- mart.labour_tightness — snapshot at the data's as-of date, grain:
-- province × occupation (as reported). Serves MM_TIGHT and MM_FLAG.
-- Columns:
--   region, province           territory (vacancy: where the job is; seeker: residence, else their office)
--   occupation                 occupation code as reported (CP2021 any level or 'ISCO:nnnn'; for seekers the
--                              desired occupation). Vacancies and seekers meet only when coded alike: there
--                              is no CP2021↔ISCO map below major group, so each is reported in its own terms.
--   occupation_group, isco_major   CP2021 / ISCO-08 major group of that occupation
--   open_vacancies, open_positions  vacancies published on or before as_of and not closed by then
--   seekers                    people available at as_of whose desired occupation it is
--                              (mart.available_seekers: each person once, at their latest registration)
--   filled_12m, days_to_fill_12m   vacancies filled in the 12 months up to as_of and the sum of their
--                              days to fill (mean time to fill = days / filled, additive)
with r as (select as_of from mart.refresh_info),
open_v as (
  select region, province, occupation, occupation_group, isco_major,
         count(*) as open_vacancies, sum(positions) as open_positions
  from mart.vacancy_outcomes where not is_closed
  group by all
),
seek as (
  -- Each person at their latest registration: kept person by person there.
  select region, province, occupation, occupation_group, isco_major, seekers
  from mart.available_seekers
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
