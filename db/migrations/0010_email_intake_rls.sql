-- Mailboxes and intake rejections belong to their agency.
ALTER TABLE mailboxes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mailboxes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mailboxes_tenant ON mailboxes TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
ALTER TABLE intake_rejections ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE intake_rejections FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY intake_rejections_tenant ON intake_rejections TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON mailboxes TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON intake_rejections TO saraban_app;
