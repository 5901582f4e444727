select period, territory, contract_type, sum(placements)::BIGINT as placements
from placements_base
group by all
