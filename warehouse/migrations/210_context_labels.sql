-- Names of the codes ISTAT and Eurostat files carry without them (a Eurostat
-- TSV has no labels at all): datasets, indicators, units of measure and the
-- `dim=code` pairs of core.context_stats.breakdown. Shipped in
-- warehouse/reference/context_labels.csv (English as Eurostat and ISTAT
-- name them, Italian ours where the source has none) and replaced by init.
create table ref.context_labels (
  kind     VARCHAR not null,
  code     VARCHAR not null,
  label_it VARCHAR not null,
  label_en VARCHAR not null,
  primary key (kind, code)
);
