-- mart.placement_quality — placements (hires, traineeships, self-employment)
-- by start month and their contract quality and retention. Serves PL_QUAL,
-- PL_RET and (with mart.project_spend) SP_CPP. Each placement counts once (a
-- person with two placements counts twice: the unit is the placement).
-- One row per placement (not one per group: a figure is a sum of rows), with
-- its territory of the job (placement comune, else employer's), programme,
-- project (CUP), occupation group, ISCO major, ATECO section, contract type,
-- person attributes and start month. Columns:
--   row_key                    a random UUID naming the row, and nothing else
--   placements                 1: started on or before as_of
--   permanent, apprenticeship  by contract_type
--   full_time, working_time_known   full-time placements; placements with working_time reported
--   ret6_eligible, ret6        started ≥ 6 months before as_of; of those, still running 6 months after
--                              start (no end_date, or end_date ≥ start + 6 months)
--   ret12_eligible, ret12      the same at 12 months
-- Kept person by person and row by row (warehouse/marts/people.ts, plan
-- kept 'rows'): this SQL gives person_id, the groups, then the measures, and
-- mart.placement_quality holds its rows under a row key, person_id left in
-- mart_people. The groups are almost one per placement (9.2 M groups of
-- 10 M placements in the bench), so summing them over people would write
-- the same 10 M wide rows a second time (42 s of an 86 s rebuild at 10 M).
-- The rollups (placement_quality_*.sql) are the sums the pages read.
with r as (select as_of from mart.refresh_info)
select p.person_id, t.current_comune as comune, t.province, t.region,
       coalesce(p.programme_code, 'none') as programme, coalesce(p.cup, 'none') as project,
       o.occupation_group, o.isco_major, s.sector_section, p.contract_type,
       ps.gender, ps.age_band, ps.citizenship, ps.isced, ps.target_group,
       strftime(p.start_date, '%Y-%m') as month,
       strftime(p.start_date, '%Y') || '-Q' || quarter(p.start_date) as quarter,
       strftime(p.start_date, '%Y') as year,
       -- A condition on a missing value (no contract type, no working time) is not counted.
       1::TINYINT as placements,
       coalesce(p.contract_type = 'permanent', false)::TINYINT as permanent,
       coalesce(p.contract_type = 'apprenticeship', false)::TINYINT as apprenticeship,
       coalesce(p.working_time = 'full', false)::TINYINT as full_time,
       (p.working_time is not null)::TINYINT as working_time_known,
       (p.start_date + interval 6 month <= r.as_of)::TINYINT as ret6_eligible,
       (p.start_date + interval 6 month <= r.as_of
        and (p.end_date is null or p.end_date >= p.start_date + interval 6 month))::TINYINT as ret6,
       (p.start_date + interval 12 month <= r.as_of)::TINYINT as ret12_eligible,
       (p.start_date + interval 12 month <= r.as_of
        and (p.end_date is null or p.end_date >= p.start_date + interval 12 month))::TINYINT as ret12
from core.placements p cross join r
left join core.employers e on e.employer_id = p.employer_id
left join int_territory t on t.comune_code = coalesce(p.comune_code, e.comune_code)
left join int_occupation o on o.code = p.occupation_code
left join int_sector s on s.code = coalesce(p.sector_code, e.sector_code)
left join int_person ps on ps.person_id = p.person_id
-- The as-of filter reads a scalar, not the cross-joined r: DuckDB plans a
-- filter on r's column as an inequality join, takes it for a few thousand
-- rows and builds the employers join on the 10 M placements (28 s against
-- 19 s for this select at 10 M placements).
where p.start_date <= (select as_of from r)
