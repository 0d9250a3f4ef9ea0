-- Registration queues its jobs with a plain INSERT in its own statement (a function call per
-- job cost a third of its throughput). The app role may insert into the outbox, never read
-- it; row-level security checks what app_enqueue() used to stamp: the job belongs to the
-- transaction's tenant, its payload says so, and its key is that tenant's. The relay
-- (the owner) is not subject to the policy.
ALTER TABLE outbox.jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY jobs_insert_own_tenant ON outbox.jobs FOR INSERT TO saraban_app
  WITH CHECK (tenant_id = public.app_current_tenant()
              AND payload->>'tenantId' = tenant_id::text
              AND (job_key IS NULL OR starts_with(job_key, tenant_id::text || ':')));
--> statement-breakpoint
GRANT USAGE ON SCHEMA outbox TO saraban_app;
--> statement-breakpoint
GRANT INSERT ON outbox.jobs TO saraban_app;
