-- A kept item's sender and message id as the node named them, and its tries at being taken (the take job's failures),
-- so the agency's admin sees what is held back, from whom and why.
ALTER TABLE "exchange_arrivals" ADD COLUMN "sender_id" text CHECK (length("sender_id") <= 300);
--> statement-breakpoint
ALTER TABLE "exchange_arrivals" ADD COLUMN "message_id" text CHECK (length("message_id") <= 300);
--> statement-breakpoint
ALTER TABLE "exchange_arrivals" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "exchange_arrivals" ADD COLUMN "last_error" text CHECK (length("last_error") <= 500);
--> statement-breakpoint
ALTER TABLE "exchange_arrivals" ADD COLUMN "tried_at" timestamp with time zone;
--> statement-breakpoint
-- Kept to the millisecond, so a page's last time read back in the browser finds the next page exactly.
ALTER TABLE "exchange_arrivals" ALTER COLUMN "taken_at" SET DEFAULT date_trunc('milliseconds', now());
--> statement-breakpoint
-- The admin's list: the oldest kept items first.
CREATE INDEX "exchange_arrivals_taken" ON "exchange_arrivals" ("tenant_id", "taken_at", "id");
--> statement-breakpoint
GRANT UPDATE ("attempts", "last_error", "tried_at") ON exchange_arrivals TO saraban_app;
