-- Row-Level Security, roles and grants. Every tenant table: RLS enabled and FORCED.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'saraban_app') THEN
    CREATE ROLE saraban_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'saraban_platform') THEN
    CREATE ROLE saraban_platform NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
--> statement-breakpoint
-- The tenant of the current transaction, or NULL when none is set: every policy compares
-- with it, so a query run without a tenant sees no tenant rows (fail closed).
CREATE FUNCTION app_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO saraban_app, saraban_platform;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_current_tenant() TO saraban_app, saraban_platform;
--> statement-breakpoint
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE units ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE units FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE permission_overrides ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE permission_overrides FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- An agency may change its contact details and settings, never its status or official codes.
GRANT SELECT ON tenants TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (address, phone, email, settings) ON tenants TO saraban_app;
--> statement-breakpoint
CREATE POLICY tenants_own ON tenants TO saraban_app USING (id = app_current_tenant()) WITH CHECK (id = app_current_tenant());
--> statement-breakpoint
CREATE POLICY units_tenant ON units TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
CREATE POLICY users_tenant ON users TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
CREATE POLICY memberships_tenant ON memberships TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
CREATE POLICY permission_overrides_tenant ON permission_overrides TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
CREATE POLICY audit_log_tenant ON audit_log TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON units, users TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships, permission_overrides TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_log TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON tenants TO saraban_platform;
--> statement-breakpoint
CREATE POLICY tenants_platform ON tenants TO saraban_platform USING (true) WITH CHECK (true);
--> statement-breakpoint
GRANT INSERT ON units TO saraban_platform;
--> statement-breakpoint
CREATE POLICY units_platform_insert ON units FOR INSERT TO saraban_platform WITH CHECK (true);
--> statement-breakpoint
GRANT INSERT ON users TO saraban_platform;
--> statement-breakpoint
CREATE POLICY users_platform_insert ON users FOR INSERT TO saraban_platform WITH CHECK (true);
--> statement-breakpoint
GRANT INSERT ON memberships TO saraban_platform;
--> statement-breakpoint
CREATE POLICY memberships_platform_insert ON memberships FOR INSERT TO saraban_platform WITH CHECK (true);
--> statement-breakpoint
GRANT INSERT ON audit_log TO saraban_platform;
--> statement-breakpoint
CREATE POLICY audit_log_platform_insert ON audit_log FOR INSERT TO saraban_platform WITH CHECK (true);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON platform_operators, sign_in_throttle, platform_audit_log TO saraban_platform;
--> statement-breakpoint
GRANT DELETE ON sign_in_throttle TO saraban_platform;
--> statement-breakpoint
-- The audit log is append-only for everyone, the owner included: the only update
-- allowed is sealing a row's hash chain once.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.hash IS NOT NULL
     OR (to_jsonb(NEW) - 'prev_hash' - 'hash') <> (to_jsonb(OLD) - 'prev_hash' - 'hash') THEN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE INDEX audit_log_target_idx ON audit_log (tenant_id, target_type, target_id);
