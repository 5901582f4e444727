-- Registrations with the job centres from mart.service_funnel (additive: each
-- registration once) by quarter of registration, province of the office, age
-- band (age reached in the data's as-of year, the marts' bands) and
-- citizenship. Both job-seeker tables read this one base, so they count the
-- same population and share their territory × period margin.
select quarter as period,
       coalesce(province, 'unknown') as territory,
       coalesce(age_band, 'unknown') as age_band,
       coalesce(citizenship, 'unknown') as citizenship,
       sum(registered)::BIGINT as job_seekers
from mart.service_funnel
group by all
