-- Vacancies from mart.vacancy_outcomes (one row per vacancy) by quarter of
-- publication, province of the job (vacancy comune, else employer's, else
-- office's: the mart's territory) and CP2021 major group; closed and filled
-- as the mart defines them at the data's as-of date.
select pub_quarter as period,
       coalesce(province, 'unknown') as territory,
       coalesce(occupation_group, 'unknown') as occupation_major,
       count(*)::BIGINT as vacancies,
       count(*) filter (where is_closed)::BIGINT as vacancies_closed,
       count(*) filter (where is_filled)::BIGINT as vacancies_filled
from mart.vacancy_outcomes
group by all
