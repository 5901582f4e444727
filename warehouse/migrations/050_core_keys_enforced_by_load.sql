-- 050 core tables without primary-key indexes. A feed's key stays the rule
-- (the contract, docs/data-contract.md), but the load path enforces it, not a
-- DuckDB index: a file with a key twice is refused (duplicate_key), a later
-- file replaces rows by key (the replaced rows go to ops.replaced_<feed>),
-- and loads of one feed are serialised in the writing process
-- (ingest/writeLock.ts; DuckDB lets one process write a database file).
--
-- Why: DuckDB keeps a primary key as an ART index that every insert must
-- update and that lives in memory. On a 1M-row placements file it made the
-- write about 1.5 s slower than the same insert without it (COPY with a key:
-- 4.8 s, without: 3.3 s), more than half of the gap to the ingest target
-- (0.5 x raw COPY), and at 10M rows it holds hundreds of MB of RAM the dashboard
-- needs. DuckDB's performance guide gives the same advice for bulk loads.
-- Key columns keep NOT NULL; tests/ingest/keys.test.ts checks keys stay unique.
--
-- DuckDB cannot drop a constraint in place: each table is rebuilt with the
-- same columns, types and NOT NULLs, and its rows copied, in this migration's
-- transaction.

-- core.offices: key (office_id)
create table core.offices__050 (
  office_id   VARCHAR not null,
  name        VARCHAR not null,
  kind        VARCHAR not null,
  comune_code VARCHAR not null,
  operator    VARCHAR,
  opened_on   DATE,
  closed_on   DATE,
  load_id     BIGINT not null,
  loaded_at   TIMESTAMP not null
);
insert into core.offices__050 select * from core.offices;
drop table core.offices;
alter table core.offices__050 rename to offices;

-- core.programmes: key (programme_code)
create table core.programmes__050 (
  programme_code     VARCHAR not null,
  name               VARCHAR not null,
  fund               VARCHAR not null,
  managing_authority VARCHAR,
  period_start       DATE,
  period_end         DATE,
  load_id            BIGINT not null,
  loaded_at          TIMESTAMP not null
);
insert into core.programmes__050 select * from core.programmes;
drop table core.programmes;
alter table core.programmes__050 rename to programmes;

-- core.projects: key (cup)
create table core.projects__050 (
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
  loaded_at           TIMESTAMP not null
);
insert into core.projects__050 select * from core.projects;
drop table core.projects;
alter table core.projects__050 rename to projects;

-- core.project_financials: key (cup, as_of)
create table core.project_financials__050 (
  cup               VARCHAR not null,
  as_of             DATE not null,
  programmed        DECIMAL(18,2) not null,
  admitted          DECIMAL(18,2),
  legally_committed DECIMAL(18,2),
  paid              DECIMAL(18,2),
  certified         DECIMAL(18,2),
  load_id           BIGINT not null,
  loaded_at         TIMESTAMP not null
);
insert into core.project_financials__050 select * from core.project_financials;
drop table core.project_financials;
alter table core.project_financials__050 rename to project_financials;

-- core.targets: key (target_id)
create table core.targets__050 (
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
  loaded_at      TIMESTAMP not null
);
insert into core.targets__050 select * from core.targets;
drop table core.targets;
alter table core.targets__050 rename to targets;

-- core.indicator_reports: key (cup, indicator_code, as_of)
create table core.indicator_reports__050 (
  cup            VARCHAR not null,
  indicator_code VARCHAR not null,
  as_of          DATE not null,
  value          DOUBLE not null,
  load_id        BIGINT not null,
  loaded_at      TIMESTAMP not null
);
insert into core.indicator_reports__050 select * from core.indicator_reports;
drop table core.indicator_reports;
alter table core.indicator_reports__050 rename to indicator_reports;

-- core.employers: key (employer_id)
create table core.employers__050 (
  employer_id  VARCHAR not null,
  sector_code  VARCHAR not null,
  comune_code  VARCHAR not null,
  size_band    VARCHAR,
  board_member BOOLEAN,
  load_id      BIGINT not null,
  loaded_at    TIMESTAMP not null,
  key_id       VARCHAR
);
insert into core.employers__050 select * from core.employers;
drop table core.employers;
alter table core.employers__050 rename to employers;

-- core.job_seekers: key (person_id, registered_on)
create table core.job_seekers__050 (
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
  key_id                  VARCHAR
);
insert into core.job_seekers__050 select * from core.job_seekers;
drop table core.job_seekers;
alter table core.job_seekers__050 rename to job_seekers;

-- core.events: key (event_id)
create table core.events__050 (
  event_id       VARCHAR not null,
  office_id      VARCHAR not null,
  kind           VARCHAR not null,
  date           DATE not null,
  employers      INTEGER,
  participants   INTEGER,
  interviews     INTEGER,
  hires_reported INTEGER,
  load_id        BIGINT not null,
  loaded_at      TIMESTAMP not null
);
insert into core.events__050 select * from core.events;
drop table core.events;
alter table core.events__050 rename to events;

-- core.services: key (service_id)
create table core.services__050 (
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
  key_id         VARCHAR
);
insert into core.services__050 select * from core.services;
drop table core.services;
alter table core.services__050 rename to services;

-- core.vacancies: key (vacancy_id)
create table core.vacancies__050 (
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
  key_id                   VARCHAR
);
insert into core.vacancies__050 select * from core.vacancies;
drop table core.vacancies;
alter table core.vacancies__050 rename to vacancies;

-- core.matches: key (match_id)
create table core.matches__050 (
  match_id    VARCHAR not null,
  vacancy_id  VARCHAR not null,
  person_id   VARCHAR not null,
  proposed_on DATE not null,
  stage       VARCHAR not null,
  event_id    VARCHAR,
  load_id     BIGINT not null,
  loaded_at   TIMESTAMP not null,
  key_id      VARCHAR
);
insert into core.matches__050 select * from core.matches;
drop table core.matches;
alter table core.matches__050 rename to matches;

-- core.placements: key (placement_id)
create table core.placements__050 (
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
  key_id           VARCHAR
);
insert into core.placements__050 select * from core.placements;
drop table core.placements;
alter table core.placements__050 rename to placements;

-- core.context_stats: key (source, dataset, indicator, unit, source_territory, sex, age, breakdown, period)
create table core.context_stats__050 (
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
  loaded_at        TIMESTAMP not null
);
insert into core.context_stats__050 select * from core.context_stats;
drop table core.context_stats;
alter table core.context_stats__050 rename to context_stats;

