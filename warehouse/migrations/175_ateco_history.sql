-- 175 ATECO history: every ISTAT ATECO structure loaded by `osservatorio
-- reference update`, the validity of each code of a version across those
-- loads, and the explanatory notes ISTAT publishes one row each. The load
-- itself is an ops.reference_loads row of kind 'ateco_<version>'
-- ('ateco_2025', 'ateco_2007').

-- ref.sectors_ateco holds every code ever known of each version with its
-- newest attributes: a code that left the structure keeps its row, with
-- valid_to set. Null bounds: the shipped copy, or valid before the first /
-- in the newest structure loaded.
alter table ref.sectors_ateco add column valid_from DATE;
alter table ref.sectors_ateco add column valid_to DATE;

-- Validity of a code with its attributes: [valid_from, valid_to).
create table ref.sectors_ateco_history (
  version     VARCHAR not null,
  code        VARCHAR not null,
  valid_from  DATE,
  valid_to    DATE,
  level       INTEGER not null,
  parent_code VARCHAR,
  section     VARCHAR not null,
  title_it    VARCHAR not null,
  title_en    VARCHAR,
  opened_by   BIGINT not null,          -- ops.reference_loads
  closed_by   BIGINT,
  source_row  INTEGER not null,         -- first row of the code in the file (row 1 = header)
  primary key (version, code, opened_by)
);

-- The notes of each code as the structure loaded by reference_load_id
-- published them (one row per note in ISTAT's file, folded under its code).
-- note_type, note_subtype and provenance are ISTAT's CODICE_TIPONOTA,
-- CODICE_SOTTOTIPO and CODICE_PROVENIENZA, kept as published.
create table ref.sectors_ateco_notes (
  version           VARCHAR not null,
  code              VARCHAR not null,
  reference_load_id BIGINT not null,
  note_index        INTEGER not null,   -- 1.. in the order of the file
  note_type         INTEGER,
  note_subtype      VARCHAR,
  provenance        INTEGER,
  note_order        INTEGER,            -- ISTAT's ORDINE_NOTA
  linked_code       VARCHAR,            -- ISTAT's CODICE_NOTA_COLLEGATO ("cfr." target)
  text_it           VARCHAR not null,
  text_en           VARCHAR,
  source_row        INTEGER not null,
  primary key (version, code, reference_load_id, note_index)
);
