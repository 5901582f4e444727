-- 030 job runs: every scheduled or manual run of a job (jobs/definitions.ts),
-- one row per attempt, and a durable per-job lock so a job still running at
-- its next tick is skipped (and recorded as such) instead of running twice.
-- A row left 'running' by a killed process becomes 'interrupted' at start-up.
create sequence ops.job_run_id_seq start 1;

create table ops.job_runs (
  run_id        BIGINT primary key,
  job           VARCHAR not null,
  trigger       VARCHAR not null,   -- manual | schedule | catch_up | after_load
  started_at    TIMESTAMP not null,
  finished_at   TIMESTAMP,
  status        VARCHAR not null,   -- running | ok | failed | skipped | interrupted
  rows          BIGINT not null default 0,
  error         VARCHAR,            -- what went wrong, never a personal value
  attempt       INTEGER not null default 1,
  detail        VARCHAR             -- small JSON summary (files, counts, paths)
);

create table ops.job_locks (
  job         VARCHAR primary key,
  run_id      BIGINT not null,
  acquired_at TIMESTAMP not null,
  pid         INTEGER not null
);
