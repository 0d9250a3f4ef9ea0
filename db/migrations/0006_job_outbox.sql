-- Background jobs: the transactional outbox. A change that needs background work calls
-- app_enqueue() in its own transaction; the row becomes a graphile-worker job only once
-- that transaction commits (the worker's relay moves committed rows in batches). Jobs of
-- every tenant live here, so the app role cannot read the table: it may only call
-- app_enqueue(), which stamps the transaction's own tenant into the job.
CREATE SCHEMA outbox;
--> statement-breakpoint
CREATE TABLE outbox.jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL,
  task text NOT NULL,
  payload jsonb NOT NULL,
  job_key text,
  run_at timestamptz,
  max_attempts int,
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE FUNCTION app_enqueue(task text, payload jsonb, job_key text DEFAULT NULL, run_at timestamptz DEFAULT NULL, max_attempts int DEFAULT NULL)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  tenant uuid := app_current_tenant();
BEGIN
  IF tenant IS NULL THEN
    RAISE EXCEPTION 'app_enqueue needs a tenant' USING ERRCODE = '42501';
  END IF;
  -- A job key is per tenant: one agency cannot replace another's job.
  INSERT INTO outbox.jobs (tenant_id, task, payload, job_key, run_at, max_attempts)
  VALUES (tenant, task, payload || jsonb_build_object('tenantId', tenant),
          CASE WHEN job_key IS NULL THEN NULL ELSE tenant::text || ':' || job_key END, run_at, max_attempts);
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_enqueue(text, jsonb, text, timestamptz, int) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_enqueue(text, jsonb, text, timestamptz, int) TO saraban_app;
--> statement-breakpoint
-- Background jobs act for the agency as a whole ("app.system"), so they read classified
-- letters of their tenant too (to stamp or index them); people never set this.
CREATE OR REPLACE FUNCTION app_clearance_rank() RETURNS int LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN current_setting('app.system', true) = 'on' THEN 2 ELSE coalesce((
    SELECT CASE WHEN u.classified_appointed THEN CASE u.clearance WHEN 'secret' THEN 2 WHEN 'confidential' THEN 1 ELSE 0 END ELSE 0 END
    FROM users u
    WHERE u.tenant_id = app_current_tenant() AND u.id = nullif(current_setting('app.user_id', true), '')::uuid), 0) END
$$;
