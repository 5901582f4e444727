-- 090 numbered releases of the open data. Each row is one frozen release:
-- its files live under <data-dir>/open-data/releases/<release_no>/ and are
-- never rewritten. `notes` holds the revision notes (what changed since the
-- previous release, and why) as JSON, `provisional` the periods published as
-- provisional (JSON list). See docs/open-data.md, "Releases".
create table ops.open_data_releases (
  release_no   INTEGER primary key,
  published_at TIMESTAMP not null,
  release_date DATE not null,      -- the publication day in Europe/Rome, as shown to readers
  as_of        DATE not null,      -- the marts' data as-of date the tables come from
  mart_version BIGINT not null,
  provisional  VARCHAR not null,
  notes        VARCHAR not null
);
