-- Every record of the Store. Privacy by construction: ID numbers exist only as the mask (first 4 characters, then
-- 14 stars) and keyed, stretched hashes; a complaint's reporter only as a sealed reply address.

create extension if not exists pg_trgm with schema public;

create table households (
  id text primary key,
  head_name text not null,
  id_masked text not null check (id_masked ~ '^.{4}\*{14}$'),
  id_hash text not null unique check (id_hash ~ '^s1:[0-9a-f]{64}$'),
  verify_hash text not null check (verify_hash ~ '^s1:[0-9a-f]{64}$'),
  phone text,
  county text not null,
  township text not null,
  village text not null,
  group_name text,
  size integer not null,
  attribute text not null,
  card text,
  causes text[] not null,
  status text not null,
  exit_year integer,
  monitor_type text,
  monitor_since date,
  cadre_name text,
  cadre_phone text,
  updated_at timestamptz not null
);
create index households_verify_hash on households (verify_hash);
create index households_place on households (township, village);
create index households_village on households (village);
-- Dashboard search: a substring of the id, head name or village (joined by a character no search contains).
create index households_text on households using gin ((id || E'\x1f' || head_name || E'\x1f' || village) public.gin_trgm_ops);

create table members (
  id text primary key,
  household_id text not null,
  name text not null,
  id_masked text not null check (id_masked ~ '^.{4}\*{14}$'),
  id_hash text not null check (id_hash ~ '^s1:[0-9a-f]{64}$'),
  verify_hash text not null check (verify_hash ~ '^s1:[0-9a-f]{64}$'),
  relation text not null
);
create index members_household on members (household_id);
create index members_verify_hash on members (verify_hash);

create table aid_records (
  id text primary key,
  household_id text not null,
  category text not null,
  name text not null,
  amount_fen bigint not null,
  date date not null,
  note text,
  unique (household_id, name, date, amount_fen)
);
create index aid_records_household_date on aid_records (household_id, date desc);

create table bindings (
  id text primary key,
  kind text not null check (kind in ('household', 'cadre')),
  target_id text not null,
  bound_at timestamptz not null
);
create index bindings_target on bindings (kind, target_id);

create table household_codes (
  household_id text primary key,
  code_hash text not null unique,
  cadre_id text not null,
  issued_at timestamptz not null,
  expires_at timestamptz not null
);
create index household_codes_expiry on household_codes (expires_at);

create table outbox (
  id text primary key,
  channel text not null,
  user_id text not null,
  sealed_to text,
  -- The sealed address's keyed lookup tag, so a pull channel finds a user's sealed messages without opening others.
  sealed_tag text,
  reply jsonb not null,
  created_at timestamptz not null,
  status text not null check (status in ('pending', 'sent', 'unreachable')),
  attempts integer not null default 0,
  last_error text,
  sent_at timestamptz,
  not_before timestamptz,
  -- A message to a sealed address keeps no chat id.
  check (sealed_to is null or user_id = '')
);
create index outbox_pending on outbox (channel, created_at) where status = 'pending';
create index outbox_pending_user on outbox (channel, user_id, created_at) where status = 'pending';
create index outbox_pending_tag on outbox (channel, sealed_tag) where status = 'pending' and sealed_tag is not null;
create index outbox_status on outbox (status);

create table inbound (
  channel text not null,
  user_id text not null,
  at timestamptz not null,
  primary key (channel, user_id)
);

create table feedback (
  id text primary key,
  channel text not null,
  user_id text not null,
  topic text not null,
  text text not null,
  phone text,
  created_at timestamptz not null
);
create index feedback_created on feedback (created_at desc);

create table staff (
  id text primary key,
  username text not null,
  display_name text not null,
  role text not null check (role in ('admin', 'supervisor', 'reviewer', 'viewer')),
  unit text not null,
  password_hash text not null,
  must_change_password boolean not null,
  disabled boolean not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index staff_username on staff (lower(username));

create table admin_sessions (
  id text primary key,
  staff_id text not null,
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  ip text not null
);
create index admin_sessions_staff on admin_sessions (staff_id);
create index admin_sessions_seen on admin_sessions (last_seen_at);

create table audit (
  id text primary key,
  at timestamptz not null,
  staff_id text not null,
  username text not null,
  action text not null,
  target text,
  detail text,
  ip text not null
);
create index audit_at on audit (at desc);
create index audit_username on audit (username, at desc);
create index audit_action on audit (action text_pattern_ops);
create index audit_target on audit using gin (target public.gin_trgm_ops);

create table cadres (
  id text primary key,
  name text not null,
  phone text not null,
  org text,
  villages text[] not null,
  household_ids text[] not null,
  status text not null check (status in ('active', 'revoked')),
  code_hash text unique,
  code_expires_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index cadres_villages on cadres using gin (villages);
create index cadres_households on cadres using gin (household_ids);

create table complaints (
  id text primary key,
  tracking_code text not null unique,
  category text not null,
  township text not null,
  village text not null,
  description text not null,
  concerns text,
  anonymous boolean not null,
  phone text,
  reply_to jsonb,
  -- Only in complaints stored before reply addresses were sealed (moved from an old data dir); sealed at start-up.
  reporter jsonb,
  household_id text,
  excluded_assignees text[],
  visit_id text,
  sensitive boolean not null,
  status text not null,
  assignee text,
  deadline date,
  satisfaction text,
  reopen_count integer not null,
  history jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- A reply address is only ever the sealed form, never a chat id.
  check (reply_to is null or (reply_to ?& array['channel', 'tag', 'sealed'] and not reply_to ? 'userId'))
);
create index complaints_reply_tag on complaints ((reply_to ->> 'tag')) where reply_to is not null;
create index complaints_reporter on complaints ((reporter ->> 'channel'), (reporter ->> 'userId')) where reporter is not null;
create index complaints_household on complaints (household_id) where household_id is not null;
create index complaints_created on complaints (created_at desc);
create index complaints_status on complaints (status, created_at desc);
create index complaints_open_deadline on complaints (deadline) where status not in ('closed', 'rejected');
create index complaints_place on complaints (township, village);

create table applications (
  id text primary key,
  tracking_code text not null unique,
  event text not null,
  event_date date not null,
  cost numeric,
  help text not null,
  household_id text,
  applicant jsonb,
  township text not null,
  village text not null,
  consent boolean not null check (consent),
  reporter jsonb,
  status text not null,
  assignee text,
  check_deadline date not null,
  decision_deadline date not null,
  monitor_type text,
  visit_ids text[] not null,
  history jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index applications_reporter on applications ((reporter ->> 'channel'), (reporter ->> 'userId')) where reporter is not null;
create index applications_household on applications (household_id) where household_id is not null;
create index applications_created on applications (created_at desc);
create index applications_status on applications (status, created_at desc);

create table visits (
  id text primary key,
  cadre_id text not null,
  household_id text not null,
  village text not null,
  date date not null,
  late_reason text,
  checklist jsonb not null,
  income numeric,
  problems text,
  measures text not null,
  next_visit date not null,
  attachments jsonb not null,
  complaint_ids text[] not null,
  application_id text,
  created_at timestamptz not null
);
create index visits_household on visits (household_id, date desc, created_at desc);
create index visits_cadre on visits (cadre_id, date desc);
create index visits_village on visits (village, date desc);
create index visits_date on visits (date desc);

create table meta (
  id text primary key,
  value text not null
);

-- A chat session; `form` holds an open form's answers and is cleared when the form ends.
create table chat_sessions (
  id text primary key,
  form jsonb,
  last_choices jsonb,
  form_expired boolean,
  updated_at timestamptz not null,
  version integer not null
);
create index chat_sessions_updated on chat_sessions (updated_at);
create index chat_sessions_open_forms on chat_sessions (updated_at) where form is not null;

-- Failed tries (verification, dashboard sign-in) per key: sliding windows shared by every instance.
create table attempt_failures (
  key text not null,
  at timestamptz not null
);
create index attempt_failures_key on attempt_failures (key, at);
create index attempt_failures_at on attempt_failures (at);
