-- The government e-document exchange (ECMS, TH e-GIF GovernmentDocument; docs/exchange.md).
-- An agency's connection to its exchange node, set by its admin (the password sealed like a mailbox's).
CREATE TABLE "exchange_connections" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"node_url" text NOT NULL CHECK (length("node_url") <= 500),
	"username" text NOT NULL CHECK (length("username") <= 320),
	"password_sealed" text NOT NULL,
	"ministry_id" text NOT NULL CHECK (length("ministry_id") BETWEEN 1 AND 50),
	"department_id" text NOT NULL CHECK (length("department_id") BETWEEN 1 AND 50),
	"enabled" boolean DEFAULT true NOT NULL,
	"last_pull_at" timestamp with time zone,
	"last_error" text CHECK (length("last_error") <= 500),
	"directory_refreshed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_connections_pkey" PRIMARY KEY ("tenant_id")
);
--> statement-breakpoint
-- The exchange's directory of organisations as the agency's node gave it, refreshed by its admin (cached, searched by name).
CREATE TABLE "exchange_directory" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"org_id" text NOT NULL CHECK (length("org_id") BETWEEN 1 AND 50),
	"ministry_id" text NOT NULL CHECK (length("ministry_id") <= 50),
	"name" text NOT NULL CHECK (length("name") BETWEEN 1 AND 300),
	"ministry_name" text DEFAULT '' NOT NULL CHECK (length("ministry_name") <= 300),
	CONSTRAINT "exchange_directory_pkey" PRIMARY KEY ("tenant_id", "org_id")
);
--> statement-breakpoint
CREATE INDEX "exchange_directory_name_idx" ON "exchange_directory" ("tenant_id", "name");
--> statement-breakpoint
-- A letter received through the exchange: its message, so notices go back to its sender, once per message id.
CREATE TABLE "exchange_inbound" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"letter_id" uuid NOT NULL,
	"message_id" text NOT NULL CHECK (length("message_id") BETWEEN 1 AND 300),
	"letter_number" text NOT NULL CHECK (length("letter_number") <= 300),
	"sender_ministry_id" text NOT NULL CHECK (length("sender_ministry_id") <= 50),
	"sender_department_id" text NOT NULL CHECK (length("sender_department_id") <= 50),
	"signer_subject" text,
	CONSTRAINT "exchange_inbound_pkey" PRIMARY KEY ("tenant_id", "letter_id"),
	CONSTRAINT "exchange_inbound_letter_fk" FOREIGN KEY ("tenant_id", "letter_id") REFERENCES "letters"("tenant_id", "id") ON DELETE CASCADE
);
--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_inbound_message_key" ON "exchange_inbound" ("tenant_id", "sender_department_id", "message_id");
--> statement-breakpoint
-- A letter sent through the exchange: the organisation it goes to, the message that carried it and the node's id for it.
ALTER TABLE "deliveries" ADD COLUMN "exchange_org_id" text CHECK (length("exchange_org_id") <= 50),
	ADD COLUMN "exchange_ministry_id" text CHECK (length("exchange_ministry_id") <= 50),
	ADD COLUMN "exchange_message_id" text CHECK (length("exchange_message_id") <= 300),
	ADD COLUMN "exchange_process_id" text CHECK (length("exchange_process_id") <= 300),
	ADD COLUMN "accept_id" text CHECK (length("accept_id") <= 300),
	ADD COLUMN "withdrawn_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "deliveries_exchange_message_idx" ON "deliveries" ("tenant_id", "exchange_message_id") WHERE "exchange_message_id" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "intake_rejections" ADD CONSTRAINT "intake_rejections_channel_check" CHECK ("channel" IN ('email', 'exchange')) NOT VALID;
--> statement-breakpoint
ALTER TABLE exchange_connections ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE exchange_connections FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE exchange_directory ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE exchange_directory FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE exchange_inbound ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE exchange_inbound FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY exchange_connections_tenant ON exchange_connections TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
CREATE POLICY exchange_directory_tenant ON exchange_directory TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
CREATE POLICY exchange_inbound_tenant ON exchange_inbound TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON exchange_connections TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON exchange_directory TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON exchange_inbound TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (exchange_message_id, exchange_process_id, accept_id, withdrawn_at, queued_at, confirmed_at) ON deliveries TO saraban_app;
