-- A register exported for a range of days (server/registry/register-export.ts): its last day.
ALTER TABLE register_exports ADD COLUMN "until" text CHECK (until ~ '^\d{4}-\d{2}-\d{2}$');
