-- Clearance by two people (Official Secrets Regulation 2544): raising a person's secrecy
-- clearance, or appointing them to classified work, takes a request and an approval by
-- someone else, who is the head of agency (an executive of the agency's root unit) or the
-- classified-documents registrar (a central registry officer appointed with ลับมาก
-- clearance); neither the requester nor the person concerned may approve. Enforced here,
-- so no code path of the app role can do it alone. Lowering or withdrawing takes effect at once.
CREATE FUNCTION clearance_rank(clearance text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE clearance WHEN 'none' THEN 0 WHEN 'confidential' THEN 1 WHEN 'secret' THEN 2 ELSE 99 END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION clearance_rank(text) TO saraban_app, saraban_platform;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_current_user(), app_is_system() TO saraban_platform;
--> statement-breakpoint
CREATE TABLE "clearance_requests" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"clearance" text NOT NULL,
	"classified_appointed" boolean NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_by_name" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	CONSTRAINT "clearance_requests_pkey" PRIMARY KEY ("tenant_id", "id"),
	CONSTRAINT "clearance_requests_user_fk" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id"),
	CONSTRAINT "clearance_requests_clearance" CHECK (clearance IN ('none', 'confidential', 'secret')),
	CONSTRAINT "clearance_requests_state" CHECK (state IN ('pending', 'approved', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE INDEX "clearance_requests_pending" ON "clearance_requests" ("tenant_id", "requested_at") WHERE state = 'pending';
--> statement-breakpoint
CREATE UNIQUE INDEX "clearance_requests_one_pending" ON "clearance_requests" ("tenant_id", "user_id") WHERE state = 'pending';
--> statement-breakpoint
ALTER TABLE clearance_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE clearance_requests FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY clearance_requests_tenant ON clearance_requests TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT ON clearance_requests TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (state, decided_by, decided_by_name, decided_at, reason) ON clearance_requests TO saraban_app;
--> statement-breakpoint
-- Whether a person may approve clearance: head of agency or classified-documents registrar, active.
CREATE FUNCTION app_may_approve_clearance(approver uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
    WHERE m.tenant_id = app_current_tenant() AND m.user_id = approver AND u.status = 'active'
      AND ((m.role = 'executive' AND m.unit_id = app_root_unit())
           OR (m.role = 'central_registry_officer' AND u.classified_appointed AND u.clearance = 'secret')))
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_may_approve_clearance(uuid) TO saraban_app;
--> statement-breakpoint
CREATE FUNCTION clearance_requests_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.state <> 'pending' OR NEW.requested_by IS DISTINCT FROM app_current_user() THEN
      RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:clearance_request_invalid';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.state <> 'pending' THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:clearance_already_decided';
  END IF;
  IF NEW.decided_by IS DISTINCT FROM app_current_user() OR NEW.decided_at IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:clearance_approver_invalid';
  END IF;
  IF NEW.state IN ('approved', 'rejected') AND (NEW.decided_by = OLD.requested_by OR NEW.decided_by = OLD.user_id
      OR NOT app_may_approve_clearance(NEW.decided_by)) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:clearance_approver_invalid';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER clearance_requests_guard BEFORE INSERT OR UPDATE ON clearance_requests FOR EACH ROW EXECUTE FUNCTION clearance_requests_guard();
--> statement-breakpoint
-- A raise needs a request approved in this very transaction by the person making the change.
-- Provisioning and the demo seed act as the system.
CREATE FUNCTION users_clearance_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF app_is_system() THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.clearance <> 'none' OR NEW.classified_appointed THEN
      RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:clearance_needs_approval';
    END IF;
    RETURN NEW;
  END IF;
  IF (clearance_rank(NEW.clearance) > clearance_rank(OLD.clearance) OR (NEW.classified_appointed AND NOT OLD.classified_appointed))
     AND NOT EXISTS (
       SELECT 1 FROM clearance_requests r
       WHERE r.tenant_id = NEW.tenant_id AND r.user_id = NEW.id AND r.state = 'approved'
         AND r.clearance = NEW.clearance AND r.classified_appointed = NEW.classified_appointed
         AND r.decided_at = now() AND r.decided_by = app_current_user()) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:clearance_needs_approval';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_clearance_guard BEFORE INSERT OR UPDATE OF clearance, classified_appointed ON users
  FOR EACH ROW EXECUTE FUNCTION users_clearance_guard();
