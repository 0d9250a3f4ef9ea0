-- app_enqueue as a plain SQL function: it runs inside every registration, while the
-- register's counter row is locked, so it must cost as little as possible. Every name
-- in it is schema-qualified (no search_path is relied on), and a transaction without a
-- tenant is refused by the NOT NULL on outbox.jobs.tenant_id.
CREATE OR REPLACE FUNCTION public.app_enqueue(task text, payload jsonb, job_key text DEFAULT NULL, run_at timestamptz DEFAULT NULL, max_attempts int DEFAULT NULL)
RETURNS void LANGUAGE sql SECURITY DEFINER AS $$
  INSERT INTO outbox.jobs (tenant_id, task, payload, job_key, run_at, max_attempts)
  SELECT t.id, task, payload OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('tenantId', t.id),
         CASE WHEN job_key IS NULL THEN NULL ELSE t.id::text OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) job_key END, run_at, max_attempts
  FROM (SELECT public.app_current_tenant() AS id) AS t
$$;
