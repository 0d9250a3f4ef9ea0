CREATE TABLE "deliveries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"outgoing_letter_id" uuid,
	"channel" text NOT NULL,
	"recipient_tenant_id" uuid,
	"recipient_email" text,
	"recipient_name" text NOT NULL,
	"letter" jsonb NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"registered_at" timestamp with time zone,
	"receive_number" integer,
	"receive_register" text,
	"recipient_letter_id" uuid,
	"failed_at" timestamp with time zone,
	"failed_reason" text,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "deliveries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "source_tenant_id" uuid;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "source_delivery_id" uuid;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_state_idx" ON "deliveries" USING btree ("tenant_id","state","queued_at");--> statement-breakpoint
CREATE INDEX "deliveries_outgoing_idx" ON "deliveries" USING btree ("tenant_id","outgoing_letter_id") WHERE outgoing_letter_id is not null;