-- 191 comuni past codes: every comune code used since 1991 that is no longer
-- one, mapped to the comune that holds its territory in the shipped list
-- (warehouse/reference/comuni_past_codes.csv, built from ISTAT's variations
-- file and our record of the 2023–2024 mergers; see pastComuniCodes.ts).
-- Loaded by init like the other shipped reference tables.
create table ref.comuni_past_codes (
  old_code     VARCHAR primary key,
  old_name     VARCHAR,              -- as ISTAT's file names it; null for our own rows
  current_code VARCHAR not null,
  kind         VARCHAR not null,     -- merger | province_change | renumbering
  effective    DATE,                 -- ISTAT's date of effect, where it gives one
  source_file  VARCHAR not null,
  source_row   INTEGER not null
);

-- Every code a file may carry that is not today's, with the comune of today's
-- list (ref.comuni) that holds its territory. Three sources, the most specific
-- first: the roll-up of the lists an agency loaded (`reference update`), the
-- 2025 Sardinian crosswalk, the shipped past codes. A shipped code whose comune
-- has since left a list the agency loaded is followed one step through that
-- list's roll-up. Only codes that reach a comune of ref.comuni are listed, so
-- that what the load path accepts is always what the marts can count.
create view ref.comuni_old_codes as
with candidates as (
  select old_code, current_code, 1 as precedence from ref.comuni_rollup
  union all
  select old_code, new_code, 2 from ref.comuni_crosswalk
  union all
  select p.old_code, coalesce(r.current_code, p.current_code), 3
  from ref.comuni_past_codes p left join ref.comuni_rollup r on r.old_code = p.current_code
)
select * from (
  select old_code, arg_min(current_code, precedence) as current_code
  from candidates
  where old_code not in (select comune_code from ref.comuni)
  group by old_code
)
where current_code in (select comune_code from ref.comuni);
