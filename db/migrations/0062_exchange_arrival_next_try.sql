-- A kept item is taken by the pull that kept it, in its own process; its next try (after a failure,
-- or should that process have stopped first) is due at next_try_at, found by the pulls by index.
-- NULL: given up (until the admin tries it again).
ALTER TABLE "exchange_arrivals" ADD COLUMN "next_try_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "exchange_arrivals" SET "next_try_at" = now() WHERE "attempts" < 12;
--> statement-breakpoint
CREATE INDEX "exchange_arrivals_due" ON "exchange_arrivals" ("tenant_id", "next_try_at") WHERE "next_try_at" IS NOT NULL;
--> statement-breakpoint
GRANT UPDATE ("next_try_at") ON exchange_arrivals TO saraban_app;
