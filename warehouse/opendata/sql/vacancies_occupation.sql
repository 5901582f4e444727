-- Vacancies from mart.vacancy_outcomes (one row per vacancy) by year of
-- publication, province of the job (vacancy comune, else employer's, else
-- office's: the mart's territory) and occupation group; closed and filled as
-- the mart defines them at the data's as-of date. Occupation groups join the
-- CP2021 major groups as ISTAT's labour force survey does (1–3 qualified and
-- technical, 4–5 clerical, sales and services, 6–7 craft, agricultural and
-- plant workers, 8 elementary; 9 armed forces alone): a single major group
-- such as 1 or 2 holds a handful of vacancies per province and year.
select pub_year as period,
       coalesce(province, 'unknown') as territory,
       case when occupation_group in ('1', '2', '3') then '1-3'
            when occupation_group in ('4', '5') then '4-5'
            when occupation_group in ('6', '7') then '6-7'
            when occupation_group in ('8', '9') then occupation_group
            else 'unknown' end as occupation_broad,
       count(*)::BIGINT as vacancies,
       count(*) filter (where is_closed)::BIGINT as vacancies_closed,
       count(*) filter (where is_filled)::BIGINT as vacancies_filled
from mart.vacancy_outcomes
group by all
