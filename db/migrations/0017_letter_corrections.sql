CREATE TABLE "letter_corrections" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"letter_id" uuid NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"reason" text NOT NULL,
	"corrected_by" uuid,
	"corrected_by_name" text NOT NULL,
	"corrected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "letter_corrections_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "tenants" ALTER COLUMN "settings" SET DEFAULT '{"thaiDigits":true,"dateStyle":"full","inboxCheck":{"morning":"10:00","afternoon":"15:00","holidays":[]}}'::jsonb;--> statement-breakpoint
ALTER TABLE "letter_corrections" ADD CONSTRAINT "letter_corrections_tenant_id_letter_id_letters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","letter_id") REFERENCES "public"."letters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "letter_corrections_letter_idx" ON "letter_corrections" USING btree ("tenant_id","letter_id");