-- mart.gol_takeup — people taken in charge by GOL (PNRR M5C1), by path 1–5.
-- Serves PL_GOL. Each person counts once: their latest registration with a
-- gol_path on or before as_of. Priority groups (PNRR target: 75% of
-- beneficiaries): women, long-term unemployed, people with disabilities,
-- under 30 or over 55 (age in the as-of year), or any of the target groups
-- youth_neet, long_term_unemployed, women, over55, disabled.
-- Grain: office × territory of the office × gol_path × person attributes × month of registration. Columns:
--   taken_in_charge   people; priority  of whom in a priority group;
--   employed          of whom with a placement starting on or after that registration
with r as (select as_of from mart.refresh_info),
g as (
  select js.*, row_number() over (partition by js.person_id order by js.registered_on desc) as rn
  from core.job_seekers js cross join r
  where js.gol_path is not null and js.registered_on <= r.as_of
),
employed as (
  select distinct g.person_id
  from g cross join r
  join core.placements pl on pl.person_id = g.person_id and pl.start_date >= g.registered_on and pl.start_date <= r.as_of
  where g.rn = 1
)
select g.office_id as office, t.comune_code as comune, t.province, t.region,
       cast(g.gol_path as varchar) as gol_path,
       p.gender, p.age_band, p.citizenship, p.isced, p.target_group,
       strftime(g.registered_on, '%Y-%m') as month,
       strftime(g.registered_on, '%Y') || '-Q' || quarter(g.registered_on) as quarter,
       strftime(g.registered_on, '%Y') as year,
       count(*) as taken_in_charge,
       count(*) filter (where g.gender = 'F' or coalesce(g.disability, false)
                        or (g.birth_year is not null and (year(r.as_of) - g.birth_year < 30 or year(r.as_of) - g.birth_year >= 55))
                        or len(list_intersect(coalesce(g.target_groups, []::VARCHAR[]),
                               ['youth_neet', 'long_term_unemployed', 'women', 'over55', 'disabled'])) > 0) as priority,
       count(e.person_id) as employed
from g cross join r
left join employed e on e.person_id = g.person_id
left join core.offices f on f.office_id = g.office_id
left join int_territory t on t.comune_code = f.comune_code
left join int_person p on p.person_id = g.person_id
where g.rn = 1
group by all
