-- Scheduled backups (server/backup/scheduled-backup.ts): the platform operator's schedule and keep
-- policy (one row), and the outcome of every run, which the operator's pages show. Not agency data:
-- no tenant_id, no row-level security; the platform role reads both and edits the schedule only.
CREATE TABLE backup_schedule (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  enabled boolean NOT NULL DEFAULT false,
  directory text NOT NULL DEFAULT '' CHECK (length(directory) <= 500),
  hour integer NOT NULL DEFAULT 2 CHECK (hour BETWEEN 0 AND 23),
  keep_daily integer NOT NULL DEFAULT 7 CHECK (keep_daily BETWEEN 1 AND 366),
  keep_weekly integer NOT NULL DEFAULT 4 CHECK (keep_weekly BETWEEN 0 AND 520),
  keep_monthly integer NOT NULL DEFAULT 12 CHECK (keep_monthly BETWEEN 0 AND 1200),
  requested_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
--> statement-breakpoint
INSERT INTO backup_schedule DEFAULT VALUES;
--> statement-breakpoint
CREATE TABLE backup_runs (
  id uuid PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'operator')),
  state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'succeeded', 'failed', 'interrupted')),
  backup_id text,
  bytes bigint,
  stored_bytes bigint,
  objects integer,
  removed integer,
  error text CHECK (length(error) <= 2000)
);
--> statement-breakpoint
CREATE INDEX backup_runs_started_idx ON backup_runs (started_at DESC);
--> statement-breakpoint
GRANT SELECT, UPDATE (enabled, directory, hour, keep_daily, keep_weekly, keep_monthly, requested_at, updated_at, updated_by) ON backup_schedule TO saraban_platform;
--> statement-breakpoint
GRANT SELECT ON backup_runs TO saraban_platform;
