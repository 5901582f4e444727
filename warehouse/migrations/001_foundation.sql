-- 001 foundation: the four schemas, the operations ledger, reference
-- classifications and one core table per feed of the data contract
-- (docs/data-contract.md). Core column lists are checked against the feed
-- definitions in ingest/feeds/ by tests/warehouse/schema.test.ts.

create schema if not exists ref;
create schema if not exists core;
create schema if not exists mart;
create schema if not exists ops;

create table ops.schema_migrations (
  version    INTEGER primary key,
  name       VARCHAR not null,
  applied_at TIMESTAMP not null
);

create sequence ops.load_id_seq start 1;

-- Every load attempt, accepted or not. status: loaded | refused | duplicate | failed | reverted.
create table ops.loads (
  load_id     BIGINT primary key,
  file_name   VARCHAR not null,
  checksum    VARCHAR not null,   -- sha256 of the file bytes
  feed        VARCHAR,
  source      VARCHAR not null,   -- who sent it: an agency code, 'demo', 'opencoesione', …
  format      VARCHAR,
  rows        BIGINT not null default 0,
  status      VARCHAR not null,
  started_at  TIMESTAMP not null,
  finished_at TIMESTAMP,
  error       VARCHAR,            -- first error, never a personal value
  warnings    INTEGER not null default 0,
  report_path VARCHAR
);

-- Exactly-once ledger: one row per accepted file content, written in the same
-- transaction as the data it brought.
create table ops.file_ledger (
  checksum VARCHAR primary key,
  load_id  BIGINT not null,
  feed     VARCHAR not null,
  loaded_at TIMESTAMP not null
);

-- Reference classifications (loaded by `osservatorio init` from warehouse/reference/).
create table ref.regions (
  cod_regione     VARCHAR primary key,
  name            VARCHAR not null,
  cod_ripartizione VARCHAR not null,
  ripartizione    VARCHAR not null,
  nuts1           VARCHAR not null,
  nuts2           VARCHAR not null      -- 'ITH1|ITH2' for Trentino-Alto Adige
);

create table ref.provinces (
  cod_uts               VARCHAR primary key,
  name                  VARCHAR not null,
  sigla                 VARCHAR not null,
  tipo_uts              INTEGER not null,
  tipo_uts_descr        VARCHAR not null,
  cod_provincia_storico VARCHAR not null,
  cod_regione           VARCHAR not null,
  nuts2                 VARCHAR not null,
  nuts3                 VARCHAR not null
);

create table ref.comuni (
  comune_code      VARCHAR primary key,   -- ISTAT 6 digits, e.g. '072006' Bari
  name             VARCHAR not null,
  name_it          VARCHAR not null,
  codice_catastale VARCHAR not null,
  cod_uts          VARCHAR not null,
  cod_regione      VARCHAR not null,
  sigla            VARCHAR not null,
  capoluogo_uts    BOOLEAN not null,
  nuts3            VARCHAR not null
);

-- Old → new comune codes (2025 Sardinia reform); loaders accept old codes.
create table ref.comuni_crosswalk (
  old_code VARCHAR primary key,
  new_code VARCHAR not null,
  codice_catastale VARCHAR not null
);

create table ref.occupations_cp2021 (
  code        VARCHAR primary key,        -- e.g. '5.1.2.2.0'
  level       INTEGER not null,           -- 1 grande gruppo … 5 unità professionale
  parent_code VARCHAR,
  name_it     VARCHAR not null
);

create table ref.occupations_isco08 (
  code        VARCHAR primary key,        -- e.g. '5223'
  level       INTEGER not null,
  parent_code VARCHAR,
  label_en    VARCHAR not null,
  label_it    VARCHAR not null
);

-- CP2021 ↔ ISCO-08 at major-group level only: no official finer correspondence is available.
create table ref.occupation_major_map (
  cp2021_major VARCHAR primary key,
  isco08_major VARCHAR not null
);

create table ref.sectors_ateco (
  version     VARCHAR not null,           -- '2007' (agg. 2022) or '2025'
  code        VARCHAR not null,           -- 'A', '62', '62.01', '62.01.00'
  level       INTEGER not null,
  parent_code VARCHAR,
  section     VARCHAR not null,
  title_it    VARCHAR not null,
  title_en    VARCHAR,
  primary key (version, code)
);

create table ref.isced (
  level    INTEGER primary key,
  label_it VARCHAR not null,
  label_en VARCHAR not null
);

-- Code lists of the contract (office_kind, gender, service_type, …).
create table ref.code_lists (
  list     VARCHAR not null,
  code     VARCHAR not null,
  label_it VARCHAR not null,
  label_en VARCHAR not null,
  primary key (list, code)
);

-- Job centres, HUB/SPOKE centres, desks and info points that deliver services.
create table core.offices (
  office_id   VARCHAR not null,
  name        VARCHAR not null,
  kind        VARCHAR not null,
  comune_code VARCHAR not null,
  operator    VARCHAR,
  opened_on   DATE,
  closed_on   DATE,
  load_id     BIGINT not null,
  loaded_at   TIMESTAMP not null,
  primary key (office_id)
);

-- Funding programmes (PN Metro Plus, GOL, Garanzia Giovani, regional and municipal schemes).
create table core.programmes (
  programme_code     VARCHAR not null,
  name               VARCHAR not null,
  fund               VARCHAR not null,
  managing_authority VARCHAR,
  period_start       DATE,
  period_end         DATE,
  load_id            BIGINT not null,
  loaded_at          TIMESTAMP not null,
  primary key (programme_code)
);

-- Funded projects, keyed by CUP.
create table core.projects (
  cup                 VARCHAR not null,
  programme_code      VARCHAR not null,
  title               VARCHAR not null,
  beneficiary         VARCHAR not null,
  local_code          VARCHAR,
  city                VARCHAR,
  priority            VARCHAR,
  action              VARCHAR,
  fund                VARCHAR,
  start_date          DATE,
  end_date            DATE,
  programme_resources DECIMAL(18,2),
  other_resources     DECIMAL(18,2),
  load_id             BIGINT not null,
  loaded_at           TIMESTAMP not null,
  primary key (cup)
);

-- Financial snapshots of a project: programmed → admitted → legally committed → paid → certified, as of a date.
create table core.project_financials (
  cup               VARCHAR not null,
  as_of             DATE not null,
  programmed        DECIMAL(18,2) not null,
  admitted          DECIMAL(18,2),
  legally_committed DECIMAL(18,2),
  paid              DECIMAL(18,2),
  certified         DECIMAL(18,2),
  load_id           BIGINT not null,
  loaded_at         TIMESTAMP not null,
  primary key (cup, as_of)
);

-- Milestones and targets for indicators, per programme, project or territory.
create table core.targets (
  target_id      VARCHAR not null,
  scope          VARCHAR not null,
  scope_id       VARCHAR not null,
  indicator_code VARCHAR not null,
  due_date       DATE not null,
  target_value   DOUBLE not null,
  unit           VARCHAR,
  kind           VARCHAR,
  baseline       DOUBLE,
  load_id        BIGINT not null,
  loaded_at      TIMESTAMP not null,
  primary key (target_id)
);

-- Reported values of indicators per project, as of a date.
create table core.indicator_reports (
  cup            VARCHAR not null,
  indicator_code VARCHAR not null,
  as_of          DATE not null,
  value          DOUBLE not null,
  load_id        BIGINT not null,
  loaded_at      TIMESTAMP not null,
  primary key (cup, indicator_code, as_of)
);

-- Employers that publish vacancies or hire, pseudonymised at the source.
create table core.employers (
  employer_id  VARCHAR not null,
  sector_code  VARCHAR not null,
  comune_code  VARCHAR not null,
  size_band    VARCHAR,
  board_member BOOLEAN,
  load_id      BIGINT not null,
  loaded_at    TIMESTAMP not null,
  primary key (employer_id)
);

-- People registered with an office (DID or first contact), pseudonymised at the source.
create table core.job_seekers (
  person_id               VARCHAR not null,
  office_id               VARCHAR not null,
  registered_on           DATE not null,
  birth_year              INTEGER,
  gender                  VARCHAR,
  citizenship             VARCHAR,
  comune_code             VARCHAR,
  education_isced         INTEGER,
  disability              BOOLEAN,
  target_groups           VARCHAR[],
  status                  VARCHAR,
  desired_occupation_code VARCHAR,
  gol_path                INTEGER,
  deregistered_on         DATE,
  load_id                 BIGINT not null,
  loaded_at               TIMESTAMP not null,
  primary key (person_id, registered_on)
);

-- Recruiting days, career days, matching events, job fairs and workshops.
create table core.events (
  event_id       VARCHAR not null,
  office_id      VARCHAR not null,
  kind           VARCHAR not null,
  date           DATE not null,
  employers      INTEGER,
  participants   INTEGER,
  interviews     INTEGER,
  hires_reported INTEGER,
  load_id        BIGINT not null,
  loaded_at      TIMESTAMP not null,
  primary key (event_id)
);

-- Services and active measures delivered to job seekers.
create table core.services (
  service_id     VARCHAR not null,
  person_id      VARCHAR not null,
  office_id      VARCHAR not null,
  service_type   VARCHAR not null,
  start_date     DATE not null,
  end_date       DATE,
  outcome        VARCHAR,
  hours          DOUBLE,
  programme_code VARCHAR,
  cup            VARCHAR,
  load_id        BIGINT not null,
  loaded_at      TIMESTAMP not null,
  primary key (service_id)
);

-- Vacancies published through the job centres, with their outcome.
create table core.vacancies (
  vacancy_id               VARCHAR not null,
  employer_id              VARCHAR not null,
  office_id                VARCHAR not null,
  published_on             DATE not null,
  occupation_code          VARCHAR not null,
  positions                INTEGER not null,
  sector_code              VARCHAR,
  comune_code              VARCHAR,
  contract_offered         VARCHAR,
  education_required_isced INTEGER,
  closed_on                DATE,
  outcome                  VARCHAR,
  filled_positions         INTEGER,
  hard_to_fill_reason      VARCHAR,
  candidates_proposed      INTEGER,
  candidates_declined      INTEGER,
  load_id                  BIGINT not null,
  loaded_at                TIMESTAMP not null,
  primary key (vacancy_id)
);

-- Candidates proposed for vacancies and how far each got.
create table core.matches (
  match_id    VARCHAR not null,
  vacancy_id  VARCHAR not null,
  person_id   VARCHAR not null,
  proposed_on DATE not null,
  stage       VARCHAR not null,
  event_id    VARCHAR,
  load_id     BIGINT not null,
  loaded_at   TIMESTAMP not null,
  primary key (match_id)
);

-- Employment spells started by job seekers (hires, traineeships, self-employment).
create table core.placements (
  placement_id     VARCHAR not null,
  person_id        VARCHAR not null,
  employer_id      VARCHAR not null,
  start_date       DATE not null,
  contract_type    VARCHAR not null,
  end_date         DATE,
  planned_end_date DATE,
  working_time     VARCHAR,
  occupation_code  VARCHAR,
  sector_code      VARCHAR,
  comune_code      VARCHAR,
  channel          VARCHAR,
  vacancy_id       VARCHAR,
  event_id         VARCHAR,
  programme_code   VARCHAR,
  cup              VARCHAR,
  load_id          BIGINT not null,
  loaded_at        TIMESTAMP not null,
  primary key (placement_id)
);

