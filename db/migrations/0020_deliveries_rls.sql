-- Delivery records belong to the sender. The recipient's side changes them only through
-- the background job that reports a registration (verified against the record itself).
ALTER TABLE deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE deliveries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY deliveries_tenant ON deliveries TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT ON deliveries TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (state, delivered_at, registered_at, receive_number, receive_register, recipient_letter_id, failed_at, failed_reason, confirmed_at) ON deliveries TO saraban_app;
