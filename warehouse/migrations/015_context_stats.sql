-- Context statistics from public sources (ISTAT, Eurostat SDMX-CSV), loaded by
-- the connectors through the context_stats feed. value is nullable: a missing
-- (`:`) or confidential (`c`) observation is stored as NULL with its flag.
create table core.context_stats (
  source           VARCHAR not null,
  dataset          VARCHAR not null,
  indicator        VARCHAR not null,
  indicator_label  VARCHAR,
  unit             VARCHAR not null,
  source_territory VARCHAR not null,
  territory_code   VARCHAR,
  territory_level  VARCHAR not null,
  sex              VARCHAR not null,
  age              VARCHAR not null,
  breakdown        VARCHAR not null,
  period           VARCHAR not null,
  value            DOUBLE,
  flag             VARCHAR,
  load_id          BIGINT not null,
  loaded_at        TIMESTAMP not null,
  primary key (source, dataset, indicator, unit, source_territory, sex, age, breakdown, period)
);

-- Rows replaced by a corrected file are kept for `loads revert` (see 010).
create table if not exists ops.replaced_context_stats as
  select *, null::BIGINT as replaced_by_load from core.context_stats limit 0;
