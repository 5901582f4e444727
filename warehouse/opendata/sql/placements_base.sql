-- Placements from mart.placement_quality (additive counts; each placement once)
-- by quarter of start, province of the job (placement comune, else the
-- employer's: the mart's territory), gender and contract group. Both placement
-- tables read this one base, so they count the same population and share
-- their territory × year margin. Rows without a known territory count under
-- 'unknown', so the total of the covered area is every placement.
-- Contract groups: permanent, fixed-term, agency work and apprenticeship as
-- coded; self-employment, traineeships, other and missing codes are too few
-- per province and year to publish apart, so they form one group 'other'.
select quarter as period,
       coalesce(province, 'unknown') as territory,
       case when gender in ('F', 'M') then gender else 'other' end as gender,
       case when contract_type in ('permanent', 'fixed_term', 'temporary_agency', 'apprenticeship') then contract_type
            else 'other' end as contract_type,
       sum(placements)::BIGINT as placements
from mart.placement_quality
group by all
