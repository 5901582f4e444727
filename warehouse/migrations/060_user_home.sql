-- 060 a user's home territory: the place a director or office head works on,
-- as 'province:072', 'region:16', 'comune:072006' or 'office:BA-PFB'. The
-- dashboard opens on it after login (the overview filtered to that place);
-- null means no home (the overview of every territory). Set with
-- `osservatorio users add|set --home LEVEL:CODE` (docs/security.md).
alter table ops.users add column home VARCHAR;
