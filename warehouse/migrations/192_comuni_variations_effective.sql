-- 192 the date of effect of a comune variation: ISTAT's "Data decorrenza
-- validità amministrativa" of the row of its variations file that gave the
-- change (the legal date the code stopped being used). Null for a change
-- given in our own format, for one read from two lists (a rename, a change of
-- province or a renumbering found by the codice catastale), and where ISTAT
-- left the date empty (its older rows). valid_from keeps its meaning: the
-- as_of of the first list showing the change.
alter table ref.comuni_variations add column effective DATE;
