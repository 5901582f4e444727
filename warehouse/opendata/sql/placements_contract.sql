-- Placements by year (the quarters of the base summed), territory and contract group.
select substr(period, 1, 4) as period, territory, contract_type, sum(placements)::BIGINT as placements
from placements_base
group by all
