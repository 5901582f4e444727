-- mart.traineeship_conversion — traineeships that ended, and whether the same
-- person got a contract with the same employer within 30 days. Serves PL_CONV.
-- Convention: the gap is start_date of the contract − end_date of the
-- traineeship in days; 0 ≤ gap ≤ 30 converts (day 30 counts, day 31 does not).
-- A contract is any placement with the same person and employer whose
-- contract_type is not traineeship. Each traineeship counts once.
-- Right-censoring: a traineeship whose window (end_date + 30 days) is after
-- as_of is not yet eligible. Grain: territory × programme × project ×
-- occupation × sector × person attributes × end month. Columns:
--   ended        traineeships ended on or before as_of
--   eligible     … whose 30-day window closed on or before as_of
--   converted    … of the eligible, followed by a contract within the window
-- Kept person by person (warehouse/marts/people.ts): this SQL gives one row
-- per person and group, person_id first, and mart.traineeship_conversion is its sum over
-- people; the columns listed above are the mart's.
with r as (select as_of from mart.refresh_info),
tr as (
  select p.*,
         exists (select 1 from core.placements c
                 where c.person_id = p.person_id and c.employer_id = p.employer_id
                   and c.contract_type <> 'traineeship'
                   and datediff('day', p.end_date, c.start_date) between 0 and 30) as is_converted
  from core.placements p cross join r
  where p.contract_type = 'traineeship' and p.end_date is not null and p.end_date <= r.as_of
)
select tr.person_id, t.current_comune as comune, t.province, t.region,
       coalesce(tr.programme_code, 'none') as programme, coalesce(tr.cup, 'none') as project,
       o.occupation_group, o.isco_major, s.sector_section,
       ps.gender, ps.age_band, ps.citizenship, ps.isced, ps.target_group,
       strftime(tr.end_date, '%Y-%m') as month,
       strftime(tr.end_date, '%Y') || '-Q' || quarter(tr.end_date) as quarter,
       strftime(tr.end_date, '%Y') as year,
       count(*) as ended,
       count(*) filter (where tr.end_date + 30 <= r.as_of) as eligible,
       count(*) filter (where tr.end_date + 30 <= r.as_of and tr.is_converted) as converted
from tr cross join r
left join core.employers e on e.employer_id = tr.employer_id
left join int_territory t on t.comune_code = coalesce(tr.comune_code, e.comune_code)
left join int_occupation o on o.code = tr.occupation_code
left join int_sector s on s.code = coalesce(tr.sector_code, e.sector_code)
left join int_person ps on ps.person_id = tr.person_id
group by all
