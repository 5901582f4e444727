-- key_id: which pseudonymisation key made the pseudonyms of a row (first 8 hex
-- of sha256 of the key, written by `osservatorio pseudonymise`). Lets the
-- observatory notice a file made with a different key, whose pseudonyms would
-- silently fail to match earlier ones.
alter table core.job_seekers add column key_id VARCHAR;
alter table core.services add column key_id VARCHAR;
alter table core.matches add column key_id VARCHAR;
alter table core.placements add column key_id VARCHAR;
alter table core.employers add column key_id VARCHAR;
alter table core.vacancies add column key_id VARCHAR;

-- The history of replaced rows (010) mirrors the core tables.
alter table if exists ops.replaced_job_seekers add column if not exists key_id VARCHAR;
alter table if exists ops.replaced_services add column if not exists key_id VARCHAR;
alter table if exists ops.replaced_matches add column if not exists key_id VARCHAR;
alter table if exists ops.replaced_placements add column if not exists key_id VARCHAR;
alter table if exists ops.replaced_employers add column if not exists key_id VARCHAR;
alter table if exists ops.replaced_vacancies add column if not exists key_id VARCHAR;
