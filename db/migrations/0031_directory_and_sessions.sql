-- The agency directory: the public facts of every agency (what a letter is addressed to),
-- readable by every agency inside its own transaction, so addressing a letter never needs
-- a second connection of the cross-tenant role. Kept from tenants by a trigger.
CREATE TABLE "agency_directory" (
	"id" uuid PRIMARY KEY NOT NULL REFERENCES "tenants"("id"),
	"code" text NOT NULL,
	"name_th" text NOT NULL,
	"name_en" text NOT NULL,
	"ministry_code" text NOT NULL,
	"owner_number" text NOT NULL,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "agency_directory_name" ON "agency_directory" ("name_th");
--> statement-breakpoint
INSERT INTO agency_directory (id, code, name_th, name_en, ministry_code, owner_number, status)
SELECT id, code, name_th, name_en, ministry_code, owner_number, status FROM tenants;
--> statement-breakpoint
CREATE FUNCTION tenants_publish_directory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO agency_directory (id, code, name_th, name_en, ministry_code, owner_number, status)
  VALUES (NEW.id, NEW.code, NEW.name_th, NEW.name_en, NEW.ministry_code, NEW.owner_number, NEW.status)
  ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name_th = EXCLUDED.name_th, name_en = EXCLUDED.name_en,
    ministry_code = EXCLUDED.ministry_code, owner_number = EXCLUDED.owner_number, status = EXCLUDED.status;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tenants_publish_directory AFTER INSERT OR UPDATE OF code, name_th, name_en, ministry_code, owner_number, status
  ON tenants FOR EACH ROW EXECUTE FUNCTION tenants_publish_directory();
--> statement-breakpoint
REVOKE ALL ON agency_directory FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT ON agency_directory TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON agency_directory TO saraban_platform;
--> statement-breakpoint
-- Server-side sessions: a signed cookie names its row, and the row decides. Sign-out
-- revokes it; it ends at its absolute end or after its idle time, whatever the client does.
CREATE TABLE "user_sessions" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"address" text,
	CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("tenant_id", "id"),
	CONSTRAINT "user_sessions_user_fk" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id")
);
--> statement-breakpoint
CREATE INDEX "user_sessions_user" ON "user_sessions" ("tenant_id", "user_id");
--> statement-breakpoint
ALTER TABLE user_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE user_sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY user_sessions_tenant ON user_sessions TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT ON user_sessions TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (last_seen_at, revoked_at) ON user_sessions TO saraban_app;
--> statement-breakpoint
CREATE TABLE "operator_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL REFERENCES "platform_operators"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"address" text
);
--> statement-breakpoint
REVOKE ALL ON operator_sessions FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT, INSERT ON operator_sessions TO saraban_platform;
--> statement-breakpoint
GRANT UPDATE (last_seen_at, revoked_at) ON operator_sessions TO saraban_platform;
