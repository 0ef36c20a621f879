-- Complaints stored before reply addresses were sealed (a reporter in clear, or an anonymous one that kept its
-- household): every start looks for them to seal them. This index holds only those, so once they are sealed the
-- look-up reads an empty index instead of every complaint of a province.
create index complaints_legacy on complaints (created_at desc, id desc)
  where reporter is not null or (anonymous and household_id is not null);
