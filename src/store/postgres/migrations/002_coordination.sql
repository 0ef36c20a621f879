-- What several instances on one database share: outbox claims, rate-limit buckets and leases for scheduled jobs.

-- A claimed message is being sent by one instance until `claimed_until`; after that (a crashed sender) it is due again.
alter table outbox add column claimed_until timestamptz;

-- A token bucket per key (chat messages per user, per address…): `tokens` left at `at`; `allowed` = the last take's answer.
create table rate_buckets (
  key text primary key,
  tokens double precision not null,
  at timestamptz not null,
  allowed boolean not null
);
create index rate_buckets_at on rate_buckets (at);

-- Who runs a named job (reminders, pruning) until when: one holder per cluster.
create table leases (
  name text primary key,
  holder text not null,
  until timestamptz not null
);
