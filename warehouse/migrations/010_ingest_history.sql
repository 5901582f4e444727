-- 010 ingest history: what `loads revert` needs to restore the state before a
-- load. When a corrected file replaces rows by key, the rows it replaced are
-- copied here in the same transaction as the new data, tagged with the load
-- that replaced them; reverting that load deletes its rows and puts these back.
-- One table per core feed table, same columns, so a restore is a plain insert.

alter table ops.loads add column reverted_at TIMESTAMP;
alter table ops.loads add column replaced_rows BIGINT default 0;

-- Rows flagged but loaded (contract rule 8: financial stages out of order).
-- key_values are the feed's key columns in order, as text; never a personal value.
create table ops.row_flags (
  load_id    BIGINT not null,
  feed       VARCHAR not null,
  rule       VARCHAR not null,
  key_values VARCHAR[] not null,
  row_number BIGINT not null
);

create table ops.replaced_offices as select *, null::BIGINT as replaced_by_load from core.offices limit 0;
create table ops.replaced_programmes as select *, null::BIGINT as replaced_by_load from core.programmes limit 0;
create table ops.replaced_projects as select *, null::BIGINT as replaced_by_load from core.projects limit 0;
create table ops.replaced_project_financials as select *, null::BIGINT as replaced_by_load from core.project_financials limit 0;
create table ops.replaced_targets as select *, null::BIGINT as replaced_by_load from core.targets limit 0;
create table ops.replaced_indicator_reports as select *, null::BIGINT as replaced_by_load from core.indicator_reports limit 0;
create table ops.replaced_employers as select *, null::BIGINT as replaced_by_load from core.employers limit 0;
create table ops.replaced_job_seekers as select *, null::BIGINT as replaced_by_load from core.job_seekers limit 0;
create table ops.replaced_events as select *, null::BIGINT as replaced_by_load from core.events limit 0;
create table ops.replaced_services as select *, null::BIGINT as replaced_by_load from core.services limit 0;
create table ops.replaced_vacancies as select *, null::BIGINT as replaced_by_load from core.vacancies limit 0;
create table ops.replaced_matches as select *, null::BIGINT as replaced_by_load from core.matches limit 0;
create table ops.replaced_placements as select *, null::BIGINT as replaced_by_load from core.placements limit 0;
