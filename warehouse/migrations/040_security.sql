-- 040 security: users, sessions and the audit trail (docs/security.md).
-- No secret or personal value is stored in clear: passwords are argon2id
-- hashes, sessions keep an HMAC of the token (the cookie alone is useless
-- without the server secret, and a copy of the database cannot be replayed),
-- the audit keeps who/what/target/outcome and never a password, token or cell value.

create table ops.users (
  username      VARCHAR primary key,      -- login name, [a-z0-9._-]{3,64}
  role          VARCHAR not null,         -- funder | analyst | director | admin (public = no user)
  scope         VARCHAR[] not null default [],  -- funder scope: 'programme:CODE', 'project:CUP'
  password_hash VARCHAR not null,         -- argon2id PHC string
  disabled      BOOLEAN not null default false,
  demo          BOOLEAN not null default false, -- created by demo mode; refused outside it
  created_at    TIMESTAMP not null,
  updated_at    TIMESTAMP not null,
  last_login_at TIMESTAMP
);

create table ops.sessions (
  token_hash  VARCHAR primary key,        -- hex HMAC-SHA256(secret, token)
  username    VARCHAR not null,
  created_at  TIMESTAMP not null,
  last_seen_at TIMESTAMP not null,
  expires_at  TIMESTAMP not null          -- absolute timeout
);

create sequence ops.audit_id_seq start 1;

-- Privileged and refused requests: logins, denials, non-public downloads, SQL, user admin.
create table ops.audit (
  audit_id  BIGINT primary key default nextval('ops.audit_id_seq'),
  at_time   TIMESTAMP not null,
  actor     VARCHAR not null,             -- username, or 'anonymous'
  role      VARCHAR not null,
  action    VARCHAR not null,             -- login, logout, deny, download, sql, user.add, …
  target    VARCHAR,                      -- route, dataset, KPI code or username acted on
  outcome   VARCHAR not null,             -- ok | denied | failed | refused
  detail    VARCHAR                       -- a reason code or short fixed text, never a value (no IP: it is personal data)
);
