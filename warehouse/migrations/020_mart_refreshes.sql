-- 020 KPI marts: one row per successful refresh of the marts (warehouse/marts/refresh.ts).
-- The refresh that writes this row also swapped the mart tables in, in the same
-- transaction, so `version` identifies exactly the figures readers see.
create table ops.mart_refreshes (
  version      INTEGER primary key,
  as_of        DATE not null,        -- data as-of date used for right-censoring
  started_at   TIMESTAMP not null,
  finished_at  TIMESTAMP not null,
  ms           INTEGER not null,
  tables       VARCHAR not null      -- JSON [{name, rows}]
);
