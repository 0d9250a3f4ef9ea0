CREATE TABLE "letters" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"document_number" text NOT NULL,
	"letter_date" date NOT NULL,
	"from_text" text NOT NULL,
	"to_text" text NOT NULL,
	"subject" text NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"secrecy" text DEFAULT 'normal' NOT NULL,
	"remarks" text DEFAULT '' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "letters_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "waiting_letters" (
	"tenant_id" uuid NOT NULL,
	"letter_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waiting_letters_tenant_id_letter_id_pk" PRIMARY KEY("tenant_id","letter_id")
);
--> statement-breakpoint
CREATE TABLE "register_counters" (
	"tenant_id" uuid NOT NULL,
	"register_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "register_counters_tenant_id_register_id_year_pk" PRIMARY KEY("tenant_id","register_id","year")
);
--> statement-breakpoint
CREATE TABLE "register_entries" (
	"tenant_id" uuid NOT NULL,
	"register_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"letter_id" uuid NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"registered_by" uuid NOT NULL,
	"registered_by_name" text NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	"cancel_reason" text,
	CONSTRAINT "register_entries_tenant_id_register_id_year_number_pk" PRIMARY KEY("tenant_id","register_id","year","number")
);
--> statement-breakpoint
CREATE TABLE "registers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"classified" boolean DEFAULT false NOT NULL,
	"name_th" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_tenant_id_unit_id_units_tenant_id_id_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "public"."units"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_letters" ADD CONSTRAINT "waiting_letters_tenant_id_letter_id_letters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","letter_id") REFERENCES "public"."letters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_counters" ADD CONSTRAINT "register_counters_tenant_id_register_id_registers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","register_id") REFERENCES "public"."registers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entries" ADD CONSTRAINT "register_entries_tenant_id_register_id_registers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","register_id") REFERENCES "public"."registers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entries" ADD CONSTRAINT "register_entries_tenant_id_letter_id_letters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","letter_id") REFERENCES "public"."letters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_tenant_id_unit_id_units_tenant_id_id_fk" FOREIGN KEY ("tenant_id","unit_id") REFERENCES "public"."units"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "waiting_letters_unit_idx" ON "waiting_letters" USING btree ("tenant_id","unit_id","since");--> statement-breakpoint
CREATE UNIQUE INDEX "register_entries_live_letter_key" ON "register_entries" USING btree ("tenant_id","letter_id") WHERE cancelled_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "registers_one_per_kind_key" ON "registers" USING btree ("tenant_id","unit_id","kind","classified");