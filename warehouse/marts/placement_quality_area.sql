-- mart.placement_quality_area — mart.placement_quality summed to the cuts the
-- pages ask for most: territory down to province, programme, project (CUP),
-- contract type, gender and start month. Same column names and counts, so a
-- PL_QUAL / PL_RET answer read from here equals the one from
-- mart.placement_quality (tests/scale/rollup.test.ts); the query layer reads
-- it when every dimension a request groups or filters by is here
-- (KpiDefinition.rollups). mart.placement_quality keeps the full grain
-- (about one row per placement, since every combination of cuts is allowed);
-- this one is bounded by provinces × projects × contract types × genders ×
-- months, not by the number of placements (scale 20: ~10 k rows for 480 k).
-- placement_quality_profile, _comune and _work serve the other single cuts.
-- Moved after a load by the difference the touched people made in
-- mart.placement_quality (warehouse/marts/plans.ts).
select region, province, programme, project, contract_type, gender, month, quarter, year,
       sum(placements)::BIGINT as placements,
       sum(permanent)::BIGINT as permanent,
       sum(apprenticeship)::BIGINT as apprenticeship,
       sum(full_time)::BIGINT as full_time,
       sum(working_time_known)::BIGINT as working_time_known,
       sum(ret6_eligible)::BIGINT as ret6_eligible,
       sum(ret6)::BIGINT as ret6,
       sum(ret12_eligible)::BIGINT as ret12_eligible,
       sum(ret12)::BIGINT as ret12
from mart.placement_quality
group by all
order by month, region, province
