-- Job seekers by quarter of registration, province (residence, else the
-- office's), age band at registration and citizenship.
select cast(year(j.registered_on) as varchar) || '-Q' || cast(quarter(j.registered_on) as varchar) as period,
       c.cod_uts as territory,
       case
         when j.birth_year is null then 'unknown'
         when year(j.registered_on) - j.birth_year < 25 then 'Y_LT25'
         when year(j.registered_on) - j.birth_year < 35 then 'Y25-34'
         when year(j.registered_on) - j.birth_year < 50 then 'Y35-49'
         when year(j.registered_on) - j.birth_year < 65 then 'Y50-64'
         else 'Y_GE65'
       end as age_band,
       coalesce(j.citizenship, 'unknown') as citizenship,
       count(*)::BIGINT as job_seekers
from core.job_seekers j
left join core.offices o on o.office_id = j.office_id
join ref.comuni c on c.comune_code = coalesce(j.comune_code, o.comune_code)
group by all
