CREATE TABLE "letter_files" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"letter_id" uuid NOT NULL,
	"kind" text DEFAULT 'original' NOT NULL,
	"object_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "letter_files_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "letter_files" ADD CONSTRAINT "letter_files_tenant_id_letter_id_letters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","letter_id") REFERENCES "public"."letters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "letter_files_letter_idx" ON "letter_files" USING btree ("tenant_id","letter_id");