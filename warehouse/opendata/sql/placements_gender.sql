select period, territory, gender, sum(placements)::BIGINT as placements
from placements_base
group by all
