-- mart.available_seekers — people available for work at the data's as-of
-- date, by where they are and the occupation they seek. Grain: province ×
-- occupation (as reported). Read by mart.labour_tightness (its seekers).
-- Columns:
--   region, province           residence, else the office of their latest registration
--   occupation                 desired occupation as reported (CP2021 any level or 'ISCO:nnnn')
--   occupation_group, isco_major   CP2021 / ISCO-08 major group of that occupation
--   seekers                    people whose latest registration on or before as_of is not
--                              deregistered by then, with status unemployed / underemployed /
--                              employed_seeking or unknown; each person once (one desired
--                              occupation), so sums over occupations still count each person once
-- Kept person by person (warehouse/marts/people.ts): a person's latest
-- registration is a window over all of that person's registrations, which
-- after a load is computed again for the people it touched alone, instead of
-- over every registration. This SQL gives person_id, the groups, then the
-- measure; the columns listed above are the mart's, its sum over people.
with r as (select as_of from mart.refresh_info),
latest as (
  select js.*, row_number() over (partition by js.person_id order by js.registered_on desc) as rn
  from core.job_seekers js, r where js.registered_on <= r.as_of
)
select l.person_id, t.region, t.province, l.desired_occupation_code as occupation, o.occupation_group, o.isco_major,
       1::TINYINT as seekers
from latest l
cross join r
left join core.offices f on f.office_id = l.office_id
left join int_territory t on t.comune_code = coalesce(l.comune_code, f.comune_code)
join int_occupation o on o.code = l.desired_occupation_code
where l.rn = 1
  and (l.deregistered_on is null or l.deregistered_on > r.as_of)
  and coalesce(l.status, 'unemployed') in ('unemployed', 'underemployed', 'employed_seeking')
