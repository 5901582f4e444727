select period, territory, citizenship, sum(job_seekers)::BIGINT as job_seekers
from job_seekers_base
group by all
