-- mart.service_funnel — the D.Lgs. 150/2015 path, one step per column,
-- aggregated by registration month and the person's office and attributes.
-- Grain: office × region/province/comune (office) × gender × age_band ×
-- citizenship × isced × target_group × registration month. Serves PL_FUNNEL.
-- Each registration (person_id, registered_on) counts once per step; a step
-- counts when it happened on or after registration and on or before as_of.
-- Columns:
--   registered        registrations (DID / first contact)
--   agreement         … with a service agreement: a guidance_basic or reception service (where the patto di servizio is signed)
--   active_measure    … with at least one active measure (any service other than reception / guidance_basic)
--   completed         … with an active measure completed (outcome = completed)
--   employed          … with a placement starting on or after registration
--   month/quarter/year  of registration
-- Kept person by person (warehouse/marts/people.ts): this SQL gives person_id,
-- the groups, then the measures, and mart.service_funnel is its sum over
-- people; the columns listed above are the mart's. It gives one row per
-- registration, each measure 1 or 0, not one per person and group: a person
-- rarely registers twice in a month, so grouping here would be a second
-- aggregation of 5 M rows (at national size) for almost nothing — the sum
-- over people is the one grouping.
with r as (select as_of from mart.refresh_info),
reg as (
  select js.person_id, js.registered_on, js.office_id, f.comune_code
  from core.job_seekers js cross join r
  left join core.offices f on f.office_id = js.office_id
  where js.registered_on <= r.as_of
),
steps as (
  select g.person_id, g.registered_on,
         bool_or(s.service_type in ('reception', 'guidance_basic')) as agreement,
         bool_or(s.service_type not in ('reception', 'guidance_basic')) as active_measure,
         bool_or(s.service_type not in ('reception', 'guidance_basic') and s.outcome = 'completed'
                 and coalesce(s.end_date, s.start_date) <= r.as_of) as completed
  from reg g cross join r
  join core.services s on s.person_id = g.person_id and s.start_date >= g.registered_on and s.start_date <= r.as_of
  group by all
),
jobs as (
  select distinct g.person_id, g.registered_on
  from reg g cross join r
  join core.placements p on p.person_id = g.person_id and p.start_date >= g.registered_on and p.start_date <= r.as_of
)
select g.person_id, g.office_id as office, t.current_comune as comune, t.province, t.region,
       p.gender, p.age_band, p.citizenship, p.isced, p.target_group,
       strftime(g.registered_on, '%Y-%m') as month,
       strftime(g.registered_on, '%Y') || '-Q' || quarter(g.registered_on) as quarter,
       strftime(g.registered_on, '%Y') as year,
       1::TINYINT as registered,
       coalesce(s.agreement, false)::TINYINT as agreement,
       coalesce(s.active_measure, false)::TINYINT as active_measure,
       coalesce(s.completed, false)::TINYINT as completed,
       (j.person_id is not null)::TINYINT as employed
from reg g
left join steps s using (person_id, registered_on)
left join jobs j using (person_id, registered_on)
left join int_person p on p.person_id = g.person_id
left join int_territory t on t.comune_code = g.comune_code
