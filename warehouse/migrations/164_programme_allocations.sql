-- Programme allocations as OpenCoesione publishes them (dotazioni): one row
-- per programme, fund, category of region and reference date. A figure the
-- publication does not print at a date is no row (or a NULL amount beside the
-- other one), never 0. Written only through the load path by the OpenCoesione
-- allocations connector.
create table core.programme_allocations (
  programme_code   VARCHAR not null,
  programme_name   VARCHAR not null,
  fund             VARCHAR not null,
  region_category  VARCHAR not null,
  as_of            DATE not null,
  total_amount     DECIMAL(18,2),
  eu_amount        DECIMAL(18,2),
  load_id          BIGINT not null,
  loaded_at        TIMESTAMP not null
);
