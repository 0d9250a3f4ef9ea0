ALTER TABLE "tenants" ADD COLUMN "access_version" bigint DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Any change to the agency row itself raises its access version (unless the change is that).
CREATE FUNCTION tenants_bump_access_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.access_version = OLD.access_version THEN
    NEW.access_version := OLD.access_version + 1;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER tenants_access_version BEFORE UPDATE ON tenants FOR EACH ROW EXECUTE FUNCTION tenants_bump_access_version();
--> statement-breakpoint
-- A change to people, memberships, overrides or units raises their agency's, in the same
-- transaction (as whichever role made the change: the app role for its own agency, the
-- platform role when provisioning).
CREATE FUNCTION bump_tenant_access_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tenants SET access_version = access_version + 1
  WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_access_version AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION bump_tenant_access_version();
--> statement-breakpoint
CREATE TRIGGER memberships_access_version AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION bump_tenant_access_version();
--> statement-breakpoint
CREATE TRIGGER permission_overrides_access_version AFTER INSERT OR UPDATE OR DELETE ON permission_overrides FOR EACH ROW EXECUTE FUNCTION bump_tenant_access_version();
--> statement-breakpoint
CREATE TRIGGER units_access_version AFTER INSERT OR UPDATE OR DELETE ON units FOR EACH ROW EXECUTE FUNCTION bump_tenant_access_version();
--> statement-breakpoint
GRANT UPDATE (access_version) ON tenants TO saraban_app;
