-- mart.gol_takeup — people taken in charge by GOL (PNRR M5C1), by path 1–5.
-- Serves PL_GOL. Each person counts once: their latest registration with a
-- gol_path on or before as_of. Priority groups (PNRR target: 75% of
-- beneficiaries): women, long-term unemployed, people with disabilities,
-- under 30 or over 55 (age in the as-of year), or any of the target groups
-- youth_neet, long_term_unemployed, women, over55, disabled.
-- The presa in carico is dated by that registration (the data contract has
-- no separate date for it). Employment follows the GOL monitoring notes:
-- occupati alla data (a stock: in work at the reference date, whenever the job
-- started) and nuovi occupati (a job started after the presa in carico)
-- reported separately, at the as-of date and at 60, 90 and 180 days from the
-- presa in carico (the early notes used 60 and 90 days, later ones 180).
-- Grain: office × territory of the office × gol_path × person attributes × month of registration. Columns:
--   taken_in_charge       people; priority  of whom in a priority group
--   employed_at_date      of whom with a placement running at the as-of date (started on or before it, not ended before it)
--   new_employed          of whom with a placement started between the presa in carico and the as-of date
--   eligible_D            of whom taken in charge at least D days before the as-of date (D = 60, 90, 180)
--   employed_D            of those, with a placement running on day D from the presa in carico
--   new_employed_D        of those, with a placement started between the presa in carico and day D
-- Kept person by person (warehouse/marts/people.ts): this SQL gives person_id,
-- the groups, then the measures, and mart.gol_takeup is its sum over
-- people; the columns listed above are the mart's. It gives one row per
-- person (their latest GOL registration), each measure 1 or 0: grouping
-- rows already one per person would be a second aggregation for nothing.
with r as (select as_of from mart.refresh_info),
g as (
  select js.*, row_number() over (partition by js.person_id order by js.registered_on desc) as rn
  from core.job_seekers js cross join r
  where js.gol_path is not null and js.registered_on <= r.as_of
),
emp as (
  select g.person_id,
         bool_or(pl.start_date <= r.as_of and (pl.end_date is null or pl.end_date >= r.as_of)) as at_date,
         bool_or(pl.start_date >= g.registered_on and pl.start_date <= r.as_of) as new_job,
         bool_or(pl.start_date <= g.registered_on + 60 and (pl.end_date is null or pl.end_date >= g.registered_on + 60)) as at_60,
         bool_or(pl.start_date >= g.registered_on and pl.start_date <= g.registered_on + 60) as new_job_60,
         bool_or(pl.start_date <= g.registered_on + 90 and (pl.end_date is null or pl.end_date >= g.registered_on + 90)) as at_90,
         bool_or(pl.start_date >= g.registered_on and pl.start_date <= g.registered_on + 90) as new_job_90,
         bool_or(pl.start_date <= g.registered_on + 180 and (pl.end_date is null or pl.end_date >= g.registered_on + 180)) as at_180,
         bool_or(pl.start_date >= g.registered_on and pl.start_date <= g.registered_on + 180) as new_job_180
  from g cross join r
  join core.placements pl on pl.person_id = g.person_id
  where g.rn = 1
  group by all
)
select g.person_id, g.office_id as office, t.current_comune as comune, t.province, t.region,
       cast(g.gol_path as varchar) as gol_path,
       p.gender, p.age_band, p.citizenship, p.isced, p.target_group,
       strftime(g.registered_on, '%Y-%m') as month,
       strftime(g.registered_on, '%Y') || '-Q' || quarter(g.registered_on) as quarter,
       strftime(g.registered_on, '%Y') as year,
       1::TINYINT as taken_in_charge,
       coalesce(g.gender = 'F' or coalesce(g.disability, false)
                or (g.birth_year is not null and (year(r.as_of) - g.birth_year < 30 or year(r.as_of) - g.birth_year >= 55))
                or len(list_intersect(coalesce(g.target_groups, []::VARCHAR[]),
                       ['youth_neet', 'long_term_unemployed', 'women', 'over55', 'disabled'])) > 0, false)::TINYINT as priority,
       coalesce(w.at_date, false)::TINYINT as employed_at_date,
       coalesce(w.new_job, false)::TINYINT as new_employed,
       coalesce(g.registered_on + 60 <= r.as_of, false)::TINYINT as eligible_60,
       coalesce(g.registered_on + 60 <= r.as_of and w.at_60, false)::TINYINT as employed_60,
       coalesce(g.registered_on + 60 <= r.as_of and w.new_job_60, false)::TINYINT as new_employed_60,
       coalesce(g.registered_on + 90 <= r.as_of, false)::TINYINT as eligible_90,
       coalesce(g.registered_on + 90 <= r.as_of and w.at_90, false)::TINYINT as employed_90,
       coalesce(g.registered_on + 90 <= r.as_of and w.new_job_90, false)::TINYINT as new_employed_90,
       coalesce(g.registered_on + 180 <= r.as_of, false)::TINYINT as eligible_180,
       coalesce(g.registered_on + 180 <= r.as_of and w.at_180, false)::TINYINT as employed_180,
       coalesce(g.registered_on + 180 <= r.as_of and w.new_job_180, false)::TINYINT as new_employed_180
from g cross join r
left join emp w on w.person_id = g.person_id
left join core.offices f on f.office_id = g.office_id
left join int_territory t on t.comune_code = f.comune_code
left join int_person p on p.person_id = g.person_id
where g.rn = 1
