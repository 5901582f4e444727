-- mart.placement_quality_profile — mart.placement_quality summed by region,
-- the person's profile (gender, age band, citizenship, education, target
-- group) and start month: the cuts by a person attribute, which otherwise
-- read the full-grain mart (one row per placement; 90–115 ms at 10 M
-- placements). Same column names and counts, so an answer read from here
-- equals the full-grain one (tests/scale/rollup.test.ts); the query layer
-- reads it when every dimension a request groups or filters by is here
-- (KpiDefinition.rollups). Moved after a load by the difference the touched
-- people made in mart.placement_quality (warehouse/marts/plans.ts).
select region, gender, age_band, citizenship, isced, target_group, month, quarter, year,
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
order by month, region
