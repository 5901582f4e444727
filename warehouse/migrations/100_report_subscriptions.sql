-- 100 report subscriptions: a user receives a report (a territory brief or a
-- project report) on a cron schedule (Europe/Rome). Each delivery is rendered
-- under the recipient's own account, so it shows exactly what their pages
-- show. The address is the recipient's contact for the report, given by
-- the user or an admin; it is the one personal value kept here, needed to
-- deliver, and is never written to logs or job details.
create sequence ops.report_subscription_id_seq start 1;

create table ops.report_subscriptions (
  subscription_id BIGINT primary key,
  username        VARCHAR not null,   -- the recipient: whose scope the report is rendered under
  report          VARCHAR not null,   -- project:CUP, programme:CODE or territory[:province=272,from=…] (reports/request.ts)
  schedule        VARCHAR not null,   -- cron, 5 fields, Europe/Rome
  email           VARCHAR,            -- null: delivered to the outbox folder only
  lang            VARCHAR not null default 'it',
  created_at      TIMESTAMP not null,
  created_by      VARCHAR not null,
  -- The last scheduled time that was delivered (or the creation time): the
  -- next delivery is the first scheduled time after it, caught up once if missed.
  delivered_until TIMESTAMP not null
);

create sequence ops.report_delivery_id_seq start 1;

create table ops.report_deliveries (
  delivery_id     BIGINT primary key,
  subscription_id BIGINT not null,
  run_id          BIGINT,             -- ops.job_runs of the reports job that made it
  scheduled_for   TIMESTAMP not null,
  delivered_at    TIMESTAMP not null,
  status          VARCHAR not null,   -- sent | saved | failed
  channel         VARCHAR not null,   -- smtp | folder
  file            VARCHAR,            -- the saved PDF, for the folder channel
  error           VARCHAR
);
