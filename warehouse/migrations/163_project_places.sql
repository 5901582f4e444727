-- Places of funded projects as OpenCoesione publishes them (localizzazioni):
-- one row per project and place. Written only through the load path by the
-- OpenCoesione localizzazioni connector. comune_code is kept as published (a
-- pre-2025 Sardinian or otherwise superseded code included) and rolled up to
-- today's comune when read (warehouse/programmes/publishedPlaces.ts), the
-- way the marts read every other comune code.
create table core.project_places (
  local_code      VARCHAR not null,
  place_level     VARCHAR not null,
  territory_code  VARCHAR not null,
  comune_code     VARCHAR,
  province_code   VARCHAR,
  region_code     VARCHAR,
  place_name      VARCHAR not null,
  as_of           DATE,
  load_id         BIGINT not null,
  loaded_at       TIMESTAMP not null
);
