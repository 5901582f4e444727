-- Placements from mart.placement_quality (additive counts; each placement once)
-- by quarter of start, province of the job (placement comune, else the
-- employer's: the mart's territory), gender and contract type. Both placement
-- tables read this one base, so they count the same population and share
-- their province × quarter margin. Rows without a known territory count under
-- 'unknown', so the national total is every placement.
select quarter as period,
       coalesce(province, 'unknown') as territory,
       coalesce(gender, 'unknown') as gender,
       coalesce(contract_type, 'unknown') as contract_type,
       sum(placements)::BIGINT as placements
from mart.placement_quality
group by all
