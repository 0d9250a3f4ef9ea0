-- Letters, waiting list and registers: RLS (secrecy included) and grants.
-- The clearance rank of the current user: 0 unless appointed for classified work
-- (Official Secrets Regulation 2544), then 1 for ลับ, 2 for ลับมาก.
CREATE FUNCTION app_clearance_rank() RETURNS int LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT CASE WHEN u.classified_appointed THEN CASE u.clearance WHEN 'secret' THEN 2 WHEN 'confidential' THEN 1 ELSE 0 END ELSE 0 END
    FROM users u
    WHERE u.tenant_id = app_current_tenant() AND u.id = nullif(current_setting('app.user_id', true), '')::uuid), 0)
$$;
--> statement-breakpoint
CREATE FUNCTION secrecy_rank(secrecy text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE secrecy WHEN 'normal' THEN 0 WHEN 'confidential' THEN 1 WHEN 'secret' THEN 2 ELSE 99 END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_clearance_rank(), secrecy_rank(text) TO saraban_app;
--> statement-breakpoint
-- ลับที่สุด is never handled by the system.
ALTER TABLE letters ADD CONSTRAINT letters_no_top_secret CHECK (secrecy <> 'top_secret');
--> statement-breakpoint
ALTER TABLE letters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE letters FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE waiting_letters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE waiting_letters FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE registers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE registers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE register_counters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE register_counters FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE register_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE register_entries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY letters_tenant ON letters TO saraban_app
  USING (tenant_id = app_current_tenant() AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank()))
  WITH CHECK (tenant_id = app_current_tenant() AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank()));
--> statement-breakpoint
CREATE POLICY waiting_letters_tenant ON waiting_letters TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
CREATE POLICY registers_tenant ON registers TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
CREATE POLICY register_counters_tenant ON register_counters TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
-- A register line is visible only to those who may see its letter.
CREATE POLICY register_entries_tenant ON register_entries TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM letters l WHERE l.tenant_id = register_entries.tenant_id AND l.id = register_entries.letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
-- Recorded details of a letter are never updated in place (a correction is recorded separately).
GRANT SELECT, INSERT ON letters, registers, register_entries TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON waiting_letters TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON register_counters TO saraban_app;
--> statement-breakpoint
-- A registration is cancelled with a reason, never renumbered or deleted.
GRANT UPDATE (cancelled_at, cancelled_by, cancel_reason) ON register_entries TO saraban_app;
