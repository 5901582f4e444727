-- Every sector code seen in core → ATECO section letter (ATECO 2007 first, then 2025).
with codes as (
  select sector_code as code from core.employers
  union select sector_code from core.vacancies where sector_code is not null
  union select sector_code from core.placements where sector_code is not null
)
select c.code, coalesce(a07.section, a25.section) as sector_section
from codes c
left join ref.sectors_ateco a07 on a07.version = '2007' and a07.code = c.code
left join ref.sectors_ateco a25 on a25.version = '2025' and a25.code = c.code
