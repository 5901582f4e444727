-- Placements by quarter and territory, and of them those of women. Men are
-- not a column: with the province total and the women published, men would
-- give away the few non-binary and not-stated placements by subtraction.
select period, territory,
       sum(placements)::BIGINT as placements,
       coalesce(sum(placements) filter (where gender = 'F'), 0)::BIGINT as placements_women
from placements_base
group by all
