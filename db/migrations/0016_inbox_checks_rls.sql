-- Inbox checks belong to their agency and are never changed.
ALTER TABLE inbox_checks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inbox_checks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY inbox_checks_tenant ON inbox_checks TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT ON inbox_checks TO saraban_app;
