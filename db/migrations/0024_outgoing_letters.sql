CREATE TABLE "smtp_servers" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"secure" boolean DEFAULT false NOT NULL,
	"username" text DEFAULT '' NOT NULL,
	"password_sealed" text,
	"from_address" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "agency_certificates" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"certificate_pem" text NOT NULL,
	"private_key_sealed" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "agency_certificates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "draft_comments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"letter_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"author_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_comments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "outgoing_files" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"letter_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"object_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outgoing_files_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "outgoing_letters" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"secrecy" text DEFAULT 'normal' NOT NULL,
	"circular" boolean DEFAULT false NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"reply_to_letter_id" uuid,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"document_number" text,
	"register_id" uuid,
	"number_year" integer,
	"number" integer,
	"letter_date" text,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"signer_name" text,
	"signer_position" text,
	"signed_sha256" text,
	"verify_code" text,
	"sent_at" timestamp with time zone,
	"sent_by" uuid,
	"sent_by_name" text,
	CONSTRAINT "outgoing_letters_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "outgoing_versions" (
	"tenant_id" uuid NOT NULL,
	"letter_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outgoing_versions_tenant_id_letter_id_version_pk" PRIMARY KEY("tenant_id","letter_id","version")
);
--> statement-breakpoint
CREATE TABLE "review_steps" (
	"tenant_id" uuid NOT NULL,
	"letter_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"position" integer NOT NULL,
	"action" text NOT NULL,
	"user_id" uuid NOT NULL,
	"user_name" text NOT NULL,
	"user_position" text DEFAULT '' NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"acted_at" timestamp with time zone,
	CONSTRAINT "review_steps_tenant_id_letter_id_round_position_pk" PRIMARY KEY("tenant_id","letter_id","round","position")
);
--> statement-breakpoint
CREATE TABLE "send_register_entries" (
	"tenant_id" uuid NOT NULL,
	"register_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"outgoing_letter_id" uuid NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"registered_by_name" text NOT NULL,
	CONSTRAINT "send_register_entries_tenant_id_register_id_year_number_pk" PRIMARY KEY("tenant_id","register_id","year","number")
);
--> statement-breakpoint
CREATE TABLE "signed_documents" (
	"verify_code" text PRIMARY KEY NOT NULL,
	"agency_id" uuid NOT NULL,
	"agency_name" text NOT NULL,
	"document_number" text NOT NULL,
	"letter_date" text NOT NULL,
	"signer_name" text NOT NULL,
	"signer_position" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"sha256" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "confirmed_by_name" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "transport" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "provider_message_id" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "smtp_servers" ADD CONSTRAINT "smtp_servers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_certificates" ADD CONSTRAINT "agency_certificates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_comments" ADD CONSTRAINT "draft_comments_tenant_id_letter_id_outgoing_letters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","letter_id") REFERENCES "public"."outgoing_letters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_files" ADD CONSTRAINT "outgoing_files_tenant_id_letter_id_outgoing_letters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","letter_id") REFERENCES "public"."outgoing_letters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_letters" ADD CONSTRAINT "outgoing_letters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_letters" ADD CONSTRAINT "outgoing_letters_tenant_id_unit_id_units_tenant_id_id_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "public"."units"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_letters" ADD CONSTRAINT "outgoing_letters_tenant_id_reply_to_letter_id_letters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reply_to_letter_id") REFERENCES "public"."letters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_versions" ADD CONSTRAINT "outgoing_versions_tenant_id_letter_id_outgoing_letters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","letter_id") REFERENCES "public"."outgoing_letters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_steps" ADD CONSTRAINT "review_steps_tenant_id_letter_id_outgoing_letters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","letter_id") REFERENCES "public"."outgoing_letters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_register_entries" ADD CONSTRAINT "send_register_entries_counter_fk" FOREIGN KEY ("tenant_id","register_id","year") REFERENCES "public"."register_counters"("tenant_id","register_id","year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_register_entries" ADD CONSTRAINT "send_register_entries_tenant_id_outgoing_letter_id_outgoing_letters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","outgoing_letter_id") REFERENCES "public"."outgoing_letters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agency_certificates_current_key" ON "agency_certificates" USING btree ("tenant_id") WHERE retired_at is null;--> statement-breakpoint
CREATE INDEX "draft_comments_letter_idx" ON "draft_comments" USING btree ("tenant_id","letter_id");--> statement-breakpoint
CREATE INDEX "outgoing_files_letter_idx" ON "outgoing_files" USING btree ("tenant_id","letter_id");--> statement-breakpoint
CREATE INDEX "outgoing_letters_state_idx" ON "outgoing_letters" USING btree ("tenant_id","state","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_letters_number_key" ON "outgoing_letters" USING btree ("tenant_id","register_id","number_year","number") WHERE number is not null;--> statement-breakpoint
CREATE INDEX "review_steps_current_idx" ON "review_steps" USING btree ("tenant_id","user_id") WHERE state = 'current';--> statement-breakpoint
CREATE UNIQUE INDEX "send_register_entries_letter_key" ON "send_register_entries" USING btree ("tenant_id","outgoing_letter_id");