-- Which copy of the shipped reference files (warehouse/reference/*.csv) the
-- ref schema holds: a fingerprint of their bytes, written by
-- loadReferenceData. A new version of the observatory that ships changed
-- files (a new code list, a new catalogue of context labels) reloads them at
-- its first start; an unchanged copy is not reloaded.
create table ops.shipped_reference (
  fingerprint VARCHAR not null,
  loaded_at   TIMESTAMP not null
);
