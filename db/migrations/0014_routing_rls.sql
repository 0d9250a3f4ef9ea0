-- Routing parts and endorsements follow their letter; notifications are read only by their person.
ALTER TABLE letter_assignments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE letter_assignments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY letter_assignments_tenant ON letter_assignments TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM letters l WHERE l.tenant_id = letter_assignments.tenant_id AND l.id = letter_assignments.letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
ALTER TABLE endorsements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE endorsements FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY endorsements_tenant ON endorsements TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM letters l WHERE l.tenant_id = endorsements.tenant_id AND l.id = endorsements.letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notifications_tenant ON notifications TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR current_setting('app.system', true) = 'on'))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT ON letter_assignments, endorsements, notifications TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (read_at, closed_at, closed_by, closed_by_name, outcome) ON letter_assignments TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (read_at) ON notifications TO saraban_app;
