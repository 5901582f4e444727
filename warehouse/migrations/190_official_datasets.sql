-- The publications behind core.official_series, one row per mapping id, with
-- the licence and attribution under which the open-data page may republish
-- their figures (republish = false when the mapping declares no licence).
-- Written only through the load path, by the official-series connector.
create table core.official_datasets (
  dataset      VARCHAR not null,
  source       VARCHAR not null,
  title        VARCHAR not null,
  republish    BOOLEAN not null,
  licence      VARCHAR,
  attribution  VARCHAR,
  source_url   VARCHAR,
  load_id      BIGINT not null,
  loaded_at    TIMESTAMP not null
);

-- Rows replaced by a later load of the same publication are kept for
-- `loads revert` (see 010).
create table if not exists ops.replaced_official_datasets as
  select *, null::BIGINT as replaced_by_load from core.official_datasets limit 0;

