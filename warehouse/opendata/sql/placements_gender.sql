select period, territory, gender, count(*)::BIGINT as placements
from placements_base
group by all
