-- A register written out as a file by a background job (docs/decisions.md, "A million letters").
CREATE TABLE "register_exports" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"unit_id" uuid,
	"register_id" uuid NOT NULL,
	"year_be" integer NOT NULL,
	"format" text NOT NULL CHECK ("format" IN ('pdf', 'xlsx')),
	"day" text,
	"text" text,
	"urgency" text,
	"state" text DEFAULT 'queued' NOT NULL CHECK ("state" IN ('queued', 'running', 'ready', 'failed', 'expired')),
	"lines_done" integer DEFAULT 0 NOT NULL,
	"lines_total" integer NOT NULL,
	"file_name" text NOT NULL,
	"object_key" text,
	"size" bigint,
	"sha256" text,
	"error_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "register_exports_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
	FOREIGN KEY ("tenant_id", "register_id") REFERENCES "registers"("tenant_id", "id"),
	FOREIGN KEY ("tenant_id", "requested_by") REFERENCES "users"("tenant_id", "id")
);
--> statement-breakpoint
CREATE INDEX "register_exports_person_idx" ON "register_exports" ("tenant_id", "requested_by", "created_at");
--> statement-breakpoint
-- A person's exports still to be made (at most a few may wait); the files to remove after their keeping time.
CREATE INDEX "register_exports_waiting_idx" ON "register_exports" ("tenant_id", "requested_by") WHERE state IN ('queued', 'running');
--> statement-breakpoint
CREATE INDEX "register_exports_ready_idx" ON "register_exports" ("tenant_id", "finished_at") WHERE state = 'ready';
--> statement-breakpoint
ALTER TABLE register_exports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE register_exports FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A person's exports are theirs alone (a register's file holds what they may see, not what others may).
CREATE POLICY register_exports_tenant ON register_exports TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())
         AND (requested_by = (SELECT app_current_user()) OR (SELECT app_is_system())))
  WITH CHECK (tenant_id = (SELECT app_current_tenant())
         AND (requested_by = (SELECT app_current_user()) OR (SELECT app_is_system())));
--> statement-breakpoint
GRANT SELECT, INSERT ON register_exports TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (state, lines_done, object_key, size, sha256, error_key, finished_at) ON register_exports TO saraban_app;
--> statement-breakpoint
-- What a notification is about when it is a file made for its person.
ALTER TABLE notifications ADD COLUMN "export_id" uuid;
