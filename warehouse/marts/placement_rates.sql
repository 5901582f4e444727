-- mart.placement_rates — exit cohorts from active measures and their
-- employment outcomes at k = 1, 3, 6, 12 months (in employment k months after
-- leaving, as the Garanzia Giovani monitoring reports it; beside it the
-- observatory's own "placement started within k months") and the ESF+ result
-- indicators EECR04/EECR05. Serves PL_RATE_k, PL_EECR.
-- Cohort member: a person leaving an active measure (a service other than
-- reception / guidance_basic, with an end_date on or before as_of), once per
-- exit month, at their LAST exit in that month (several exits in one month
-- count once; exits in different months count in each month's cohort).
-- In employment at k months: a placement (any contract) running on exit date +
-- k months (started on or before that day, not ended before it), whenever it
-- started, before the exit included.
-- Placed within k months (observatory's own): a placement starting on or after
-- the exit date and on or before exit date + k months. Right-censoring: an exit whose horizon
-- (exit + k months, or + 28 days / + 6 months for EECR04/05) is after as_of is
-- not eligible for that k — excluded from numerator AND denominator.
-- Grain: office (of the measure) × territory of the office × programme ×
-- person attributes × exit month. Columns:
--   exits                    cohort members
--   eligible_k               k in 1, 3, 6, 12: members old enough for the horizon
--   employed_k               of those, in employment on exit + k months
--   placed_k                 of those, with a placement started between the exit and exit + k months
--   eecr04_eligible, eecr04  EECR04: in employment upon leaving — a placement running at some day from the exit
--                            to 4 weeks (28 days) after it, started before the exit included
--   eecr05_eligible, eecr05  EECR05: in employment 6 months after leaving (a placement running on exit + 6 months)
-- Kept person by person (warehouse/marts/people.ts): this SQL gives person_id,
-- the groups, then the measures, and mart.placement_rates is its sum over
-- people; the columns listed above are the mart's. It gives one row per
-- cohort member (a person's exit month), each measure 1 or 0: each member
-- is a group of its own already, so grouping here would be a second
-- aggregation for nothing — the sum over people is the one grouping.
with r as (select as_of from mart.refresh_info),
ex as (
  select s.person_id, strftime(s.end_date, '%Y-%m') as month,
         arg_max(s.office_id, s.end_date) as office_id,
         arg_max(s.programme_code, s.end_date) as programme_code,
         max(s.end_date) as exit_date
  from core.services s cross join r
  where s.end_date is not null and s.end_date <= r.as_of
    and s.service_type not in ('reception', 'guidance_basic')
  group by all
),
outc as (
  select e.person_id, e.month,
         min(p.start_date) filter (where p.start_date >= e.exit_date) as first_start,
         bool_or(p.start_date <= e.exit_date + 28 and (p.end_date is null or p.end_date >= e.exit_date)) as upon_leaving,
         bool_or(p.start_date <= e.exit_date + interval 1 month
                 and (p.end_date is null or p.end_date >= e.exit_date + interval 1 month)) as running_1m,
         bool_or(p.start_date <= e.exit_date + interval 3 month
                 and (p.end_date is null or p.end_date >= e.exit_date + interval 3 month)) as running_3m,
         bool_or(p.start_date <= e.exit_date + interval 6 month
                 and (p.end_date is null or p.end_date >= e.exit_date + interval 6 month)) as running_6m,
         bool_or(p.start_date <= e.exit_date + interval 12 month
                 and (p.end_date is null or p.end_date >= e.exit_date + interval 12 month)) as running_12m
  from ex e join core.placements p on p.person_id = e.person_id
  group by all
)
select e.person_id, e.office_id as office, t.current_comune as comune, t.province, t.region,
       coalesce(e.programme_code, 'none') as programme,
       p.gender, p.age_band, p.citizenship, p.isced, p.target_group,
       e.month, strftime(e.exit_date, '%Y') || '-Q' || quarter(e.exit_date) as quarter, strftime(e.exit_date, '%Y') as year,
       1::TINYINT as exits,
       coalesce(e.exit_date + interval 1 month <= r.as_of, false)::TINYINT as eligible_1,
       coalesce(e.exit_date + interval 1 month <= r.as_of and o.first_start <= e.exit_date + interval 1 month, false)::TINYINT as placed_1,
       coalesce(e.exit_date + interval 1 month <= r.as_of and o.running_1m, false)::TINYINT as employed_1,
       coalesce(e.exit_date + interval 3 month <= r.as_of, false)::TINYINT as eligible_3,
       coalesce(e.exit_date + interval 3 month <= r.as_of and o.first_start <= e.exit_date + interval 3 month, false)::TINYINT as placed_3,
       coalesce(e.exit_date + interval 3 month <= r.as_of and o.running_3m, false)::TINYINT as employed_3,
       coalesce(e.exit_date + interval 6 month <= r.as_of, false)::TINYINT as eligible_6,
       coalesce(e.exit_date + interval 6 month <= r.as_of and o.first_start <= e.exit_date + interval 6 month, false)::TINYINT as placed_6,
       coalesce(e.exit_date + interval 6 month <= r.as_of and o.running_6m, false)::TINYINT as employed_6,
       coalesce(e.exit_date + interval 12 month <= r.as_of, false)::TINYINT as eligible_12,
       coalesce(e.exit_date + interval 12 month <= r.as_of and o.first_start <= e.exit_date + interval 12 month, false)::TINYINT as placed_12,
       coalesce(e.exit_date + interval 12 month <= r.as_of and o.running_12m, false)::TINYINT as employed_12,
       coalesce(e.exit_date + 28 <= r.as_of, false)::TINYINT as eecr04_eligible,
       coalesce(e.exit_date + 28 <= r.as_of and o.upon_leaving, false)::TINYINT as eecr04,
       coalesce(e.exit_date + interval 6 month <= r.as_of, false)::TINYINT as eecr05_eligible,
       coalesce(e.exit_date + interval 6 month <= r.as_of and o.running_6m, false)::TINYINT as eecr05
from ex e cross join r
left join outc o using (person_id, month)
left join core.offices f on f.office_id = e.office_id
left join int_territory t on t.comune_code = f.comune_code
left join int_person p on p.person_id = e.person_id
