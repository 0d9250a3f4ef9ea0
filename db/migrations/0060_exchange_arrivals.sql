-- A message taken from the exchange node, kept here before it is deleted at the node; its own job then makes it a letter, a notice or a refusal, and removes it.
CREATE TABLE "exchange_arrivals" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL,
	"process_id" text NOT NULL CHECK (length("process_id") BETWEEN 1 AND 300),
	"message" text NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_arrivals_pkey" PRIMARY KEY ("tenant_id", "id")
);
--> statement-breakpoint
-- Mostly base64 already: stored as it is, not compressed again.
ALTER TABLE "exchange_arrivals" ALTER COLUMN "message" SET STORAGE EXTERNAL;
--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_arrivals_process_key" ON "exchange_arrivals" ("tenant_id", "process_id");
--> statement-breakpoint
ALTER TABLE exchange_arrivals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE exchange_arrivals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY exchange_arrivals_tenant ON exchange_arrivals TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON exchange_arrivals TO saraban_app;
