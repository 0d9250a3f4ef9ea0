-- The job workers alive now: each process records its workers' ids (graphile-worker's
-- locked_by) with its host and pid, and beats every few seconds. A worker whose process is
-- gone (its pid dead on this host, or no beat for a while) is dead: its locked jobs are
-- released at once instead of after graphile-worker's four hours. Owner-only, like the outbox.
CREATE TABLE outbox.job_workers (
  worker_id text PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);
