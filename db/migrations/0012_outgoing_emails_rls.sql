-- Sent e-mails belong to their agency; a sent e-mail is never changed.
ALTER TABLE outgoing_emails ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE outgoing_emails FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY outgoing_emails_tenant ON outgoing_emails TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT ON outgoing_emails TO saraban_app;
