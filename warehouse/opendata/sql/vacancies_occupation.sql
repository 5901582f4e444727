-- Vacancies by quarter of publication, province (vacancy comune, else the
-- office's) and CP2021 major group (ISCO-08 codes mapped at major-group level).
select cast(year(v.published_on) as varchar) || '-Q' || cast(quarter(v.published_on) as varchar) as period,
       c.cod_uts as territory,
       coalesce(
         case when v.occupation_code like 'ISCO:%' then m.cp2021_major else left(v.occupation_code, 1) end,
         'unknown') as occupation_major,
       count(*)::BIGINT as vacancies,
       count(*) filter (where v.closed_on is not null or v.outcome in ('filled', 'partly_filled', 'unfilled', 'withdrawn'))::BIGINT as vacancies_closed,
       count(*) filter (where v.outcome in ('filled', 'partly_filled'))::BIGINT as vacancies_filled
from core.vacancies v
left join core.offices o on o.office_id = v.office_id
join ref.comuni c on c.comune_code = coalesce(v.comune_code, o.comune_code)
left join ref.occupation_major_map m on m.isco08_major = substr(v.occupation_code, 6, 1)
group by all
