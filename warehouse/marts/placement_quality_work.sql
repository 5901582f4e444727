-- mart.placement_quality_work — mart.placement_quality summed by region,
-- occupation group (with its ISCO major group), sector section and start
-- month: the cuts by the work a placement is for, which otherwise read the
-- full-grain mart (one row per placement; 70–80 ms at 10 M placements).
-- Same column names and counts, so an answer read from here equals the
-- full-grain one (tests/scale/rollup.test.ts); moved after a load by the
-- difference the touched people made in mart.placement_quality.
select region, occupation_group, isco_major, sector_section, month, quarter, year,
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
