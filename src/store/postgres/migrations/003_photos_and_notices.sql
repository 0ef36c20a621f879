-- Photos a reporter sent with a complaint: where each file is under DATA_DIR/uploads and its type (never the image itself).
alter table complaints add column photos jsonb;
-- The choices of the latest notification a chat user received, answerable by typed label or number until `until`.
alter table chat_sessions add column notice jsonb;
