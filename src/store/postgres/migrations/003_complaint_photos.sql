-- Photos a reporter sent with a complaint: where each file is under DATA_DIR/uploads and its type (never the image itself).
alter table complaints add column photos jsonb;
