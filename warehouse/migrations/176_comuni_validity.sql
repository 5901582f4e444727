-- 176 comuni validity: for each code of the comuni history, the days on which
-- the lists loaded prove it was not a comune code, so that a dated contract
-- row coded with it can be refused (ingest/validate.ts, rule
-- comune_not_valid_at_date). The legal date of a change lies between two
-- lists, so the bounds give the row the benefit of the doubt:
--   valid_to   the first list without the code (it had left by then; null: in the newest list);
--   first_from the first list with the code (null: already in the first list loaded);
--   absent_on  the last list before the code appeared (it did not exist yet; null: in the first list).
-- Its columns must not share a name with a feed column (ingest/validate.ts names
-- the row's columns unqualified inside the lookup): hence `code`.
-- A code with no history (no list loaded, or only the shipped 2025 crosswalk) has no row.
create view ref.comuni_validity as
with spans as (
  select comune_code,
         case when bool_or(valid_from is null) then null else min(valid_from) end as first_from,
         case when bool_or(valid_to is null) then null else max(valid_to) end as valid_to,
         arg_max(name_it, opened_by) as name_it
  from ref.comuni_history
  group by comune_code
)
select s.comune_code as code, s.name_it, s.first_from, s.valid_to,
       (select max(l.as_of) from ops.reference_loads l
        where l.kind = 'comuni' and l.as_of < s.first_from) as absent_on,
       r.current_code,
       (select c.name_it from ref.comuni c where c.comune_code = r.current_code) as current_name_it
from spans s
left join ref.comuni_rollup r on r.old_code = s.comune_code;
