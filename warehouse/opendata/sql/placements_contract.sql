select period, territory, contract_type, count(*)::BIGINT as placements
from placements_base
group by all
