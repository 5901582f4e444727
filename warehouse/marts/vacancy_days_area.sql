-- mart.vacancy_days_area — mart.vacancy_outcomes counted by what MM_TTF is
-- cut by most (territory down to province, time of publication) and by the
-- days themselves: a histogram of days to fill and days open per province ×
-- month of publication. A median does not add up, but a count of vacancies
-- per whole number of days does, and the median of a group is read off its
-- histogram exactly (weightedMedian in warehouse/kpi/defs/common.ts), so an
-- answer read from here equals the one from mart.vacancy_outcomes
-- (tests/scale/rollup.test.ts); the query layer reads it when every dimension
-- a request groups or filters by is here (KpiDefinition.rollups). Both day
-- columns are datediff('day', …) of dates there: whole numbers, never rounded.
-- Its rows grow with provinces × months × distinct day counts, not with
-- vacancies (at 2 M vacancies an MM_TTF request on the vacancy grain took
-- 54–106 ms over HTTP, docs/scaling.md).
-- Columns:
--   region/province          where the job is, as in mart.vacancy_outcomes
--   pub_month/pub_quarter/pub_year  time of publication ('YYYY-MM', 'YYYY-Qn', 'YYYY')
--   is_filled                closed as filled or partly_filled (as there: null when closed with no outcome)
--   days_to_fill             closed_on − published_on of filled vacancies, else null
--   open_days                as_of − published_on of vacancies still open at the as-of date, else null
--   vacancy_n                vacancies with these values (the same name as the count there, so
--                            a sum of it reads the same on both marts)
select region, province, pub_month, pub_quarter, pub_year, is_filled, days_to_fill, open_days,
       sum(vacancy_n)::BIGINT as vacancy_n
from mart.vacancy_outcomes
group by all
order by pub_month, region, province, days_to_fill, open_days
