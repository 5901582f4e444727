-- Official statistical series: aggregate public figures (Ministry of Labour /
-- INPS compulsory communications, INAPP/ANPAL GOL monitoring, …) as each
-- publication prints them, kept apart from the person-level contract feeds.
-- Written only through the load path, by the official-series connector
-- (ingest/official/), from a declarative mapping per publication.
--
-- core.official_measures is the measure catalogue: each measure says whether
-- it adds up, so nothing downstream sums what must not be summed:
--   flow     — counted over the period (avviamenti in a quarter): adds across
--              territories and across consecutive periods;
--   stock    — counted at a date (presi in carico at 31/12): adds across
--              territories at the same date, never across dates;
--   distinct — distinct persons over the period (lavoratori attivati): a
--              person may count in several territories or periods, so it is
--              never summed at all;
--   ratio    — a ratio, share or mean (rapporti per lavoratore, %): never summed.
create table core.official_measures (
  measure     VARCHAR not null,
  source      VARCHAR not null,
  label_it    VARCHAR not null,
  label_en    VARCHAR not null,
  additivity  VARCHAR not null,
  unit        VARCHAR not null,
  load_id     BIGINT not null,
  loaded_at   TIMESTAMP not null
);

-- One published figure per row. territory_code/territory_level are ours
-- (region cod_regione, province cod_uts, comune code, IT for the national
-- total, ND for the figure a publication could not assign to a territory);
-- source_territory is the label exactly as printed. Breakdowns not given are
-- `_T` (total). value is NULL only with a flag saying why (na, c).
create table core.official_series (
  source            VARCHAR not null,
  dataset           VARCHAR not null,
  measure           VARCHAR not null,
  territory_code    VARCHAR not null,
  territory_level   VARCHAR not null,
  source_territory  VARCHAR not null,
  period            VARCHAR not null,
  period_type       VARCHAR not null,
  sex               VARCHAR not null,
  age_band          VARCHAR not null,
  contract_type     VARCHAR not null,
  gol_path          VARCHAR not null,
  value             DOUBLE,
  unit              VARCHAR not null,
  flags             VARCHAR,
  publication       VARCHAR not null,
  published_on      DATE,
  load_id           BIGINT not null,
  loaded_at         TIMESTAMP not null
);

-- Rows replaced by a later publication of the same figure are kept for
-- `loads revert` (see 010).
create table if not exists ops.replaced_official_measures as
  select *, null::BIGINT as replaced_by_load from core.official_measures limit 0;
create table if not exists ops.replaced_official_series as
  select *, null::BIGINT as replaced_by_load from core.official_series limit 0;
