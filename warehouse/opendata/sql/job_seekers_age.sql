select period, territory, age_band, sum(job_seekers)::BIGINT as job_seekers
from job_seekers_base
group by all
