-- 150 comuni history: every ISTAT Elenco comuni list loaded by
-- `osservatorio reference update`, the validity of each comune code across
-- those lists, the variations that link a code that disappeared to the code
-- that took its territory, and the roll-up of every past code to today's
-- comune (ref.comuni keeps being today's territory).

create sequence ops.reference_load_id_seq start 1;

-- One row per reference list accepted (all or nothing).
create table ops.reference_loads (
  reference_load_id BIGINT primary key,
  kind        VARCHAR not null,          -- 'comuni'
  file_name   VARCHAR not null,
  checksum    VARCHAR not null,          -- sha256 of the file bytes
  as_of       DATE not null,             -- the day the list describes (ISTAT reference date)
  rows        INTEGER not null,
  loaded_at   TIMESTAMP not null,
  unique (kind, checksum)
);

-- Validity of a comune code with its attributes: [valid_from, valid_to).
-- valid_from null: already valid before the first list loaded;
-- valid_to null: still valid in the newest list.
create table ref.comuni_history (
  comune_code      VARCHAR not null,
  valid_from       DATE,
  valid_to         DATE,
  name             VARCHAR not null,
  name_it          VARCHAR not null,
  codice_catastale VARCHAR not null,
  cod_uts          VARCHAR not null,
  cod_regione      VARCHAR not null,
  sigla            VARCHAR not null,
  opened_by        BIGINT not null,      -- ops.reference_loads
  closed_by        BIGINT,
  source_row       INTEGER not null,     -- row of the list that opened it (row 1 = header)
  primary key (comune_code, opened_by)
);

-- A change between two lists. old_code = new_code for a rename or a change
-- of province that kept the code. valid_from: the as_of of the first list
-- showing the change (the legal date lies between the two lists).
create table ref.comuni_variations (
  old_code          VARCHAR not null,
  new_code          VARCHAR not null,
  valid_from        DATE not null,
  kind              VARCHAR not null,    -- merger | rename | province_change | renumbering
  reference_load_id BIGINT not null,
  primary key (old_code, new_code, kind, valid_from)
);

-- Every code that is not today's, mapped to today's comune through the
-- chain of variations; rebuilt by each update.
create table ref.comuni_rollup (
  old_code     VARCHAR primary key,
  current_code VARCHAR not null
);
