-- Who verified a household binding (their ID-number hash), so the binding ends when that person leaves the household.
alter table bindings add column person_id_hash text;
