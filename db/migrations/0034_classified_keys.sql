-- Classified letters sealed for the people appointed to read them (docs/classified.md).
-- The platform stores public keys, private keys sealed under passphrases it never sees,
-- content keys wrapped for each reader, and ciphertext: nothing here opens a letter.
CREATE TABLE "person_keys" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"sealed_private_key" text NOT NULL,
	"salt" text NOT NULL,
	"ops_limit" integer NOT NULL,
	"mem_limit" integer NOT NULL,
	"fingerprint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_at" timestamp with time zone,
	CONSTRAINT "person_keys_pkey" PRIMARY KEY ("tenant_id", "id"),
	CONSTRAINT "person_keys_user_fk" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id"),
	CONSTRAINT "person_keys_cost" CHECK (ops_limit >= 3 AND mem_limit >= 67108864)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "person_keys_current" ON "person_keys" ("tenant_id", "user_id") WHERE replaced_at IS NULL;
--> statement-breakpoint
CREATE TABLE "agency_recovery_keys" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_at" timestamp with time zone,
	CONSTRAINT "agency_recovery_keys_pkey" PRIMARY KEY ("tenant_id", "id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "agency_recovery_keys_current" ON "agency_recovery_keys" ("tenant_id") WHERE replaced_at IS NULL;
--> statement-breakpoint
-- A letter's content key wrapped for one holder: a person's key, or the agency's recovery key (user_id null).
CREATE TABLE "letter_keys" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"letter_id" uuid NOT NULL,
	"key_id" uuid NOT NULL,
	"user_id" uuid,
	"secrecy" text NOT NULL,
	"wrapped" text NOT NULL,
	"wrapped_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "letter_keys_pkey" PRIMARY KEY ("tenant_id", "letter_id", "key_id"),
	CONSTRAINT "letter_keys_secrecy" CHECK (secrecy IN ('confidential', 'secret')),
	CONSTRAINT "letter_keys_wrapped" CHECK (length(wrapped) BETWEEN 100 AND 200)
);
--> statement-breakpoint
CREATE INDEX "letter_keys_user" ON "letter_keys" ("tenant_id", "user_id");
--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "sealed_details" text;
--> statement-breakpoint
ALTER TABLE "letter_files" ADD COLUMN "sealed" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- A classified letter recorded in the agency keeps its subject and remarks only sealed.
-- (Letters delivered from another agency on the platform follow once sealed delivery exists.)
ALTER TABLE "letters" ADD CONSTRAINT "letters_classified_sealed"
  CHECK (secrecy = 'normal' OR channel = 'platform' OR (sealed_details IS NOT NULL AND subject = '' AND remarks = '')) NOT VALID;
--> statement-breakpoint
-- A key is wrapped only for a person who may read the letter: active, appointed, cleared to its level, and with that key current.
CREATE FUNCTION app_check_letter_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.user_id IS NULL THEN
    IF NOT EXISTS (SELECT 1 FROM agency_recovery_keys k WHERE k.tenant_id = NEW.tenant_id AND k.id = NEW.key_id AND k.replaced_at IS NULL) THEN
      RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:classified_key_unknown';
    END IF;
    RETURN NEW;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM person_keys k JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.user_id
    WHERE k.tenant_id = NEW.tenant_id AND k.id = NEW.key_id AND k.user_id = NEW.user_id AND k.replaced_at IS NULL
      AND u.status = 'active' AND u.classified_appointed AND clearance_rank(u.clearance) >= clearance_rank(NEW.secrecy)
  ) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:route_person_not_cleared';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER letter_keys_check BEFORE INSERT ON letter_keys FOR EACH ROW EXECUTE FUNCTION app_check_letter_key();
--> statement-breakpoint
-- Withdrawing an appointment or lowering a clearance takes away the wrapped keys it no longer allows.
CREATE FUNCTION app_withdraw_letter_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM letter_keys k WHERE k.tenant_id = NEW.tenant_id AND k.user_id = NEW.id
    AND (NOT NEW.classified_appointed OR NEW.status <> 'active' OR clearance_rank(NEW.clearance) < clearance_rank(k.secrecy));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_withdraw_letter_keys AFTER UPDATE OF clearance, classified_appointed, status ON users
  FOR EACH ROW WHEN (NEW.classified_appointed IS DISTINCT FROM OLD.classified_appointed OR NEW.clearance IS DISTINCT FROM OLD.clearance OR NEW.status IS DISTINCT FROM OLD.status)
  EXECUTE FUNCTION app_withdraw_letter_keys();
--> statement-breakpoint
ALTER TABLE person_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE person_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY person_keys_tenant ON person_keys TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()) AND user_id = (SELECT app_current_user()));
--> statement-breakpoint
GRANT SELECT, INSERT ON person_keys TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (replaced_at) ON person_keys TO saraban_app;
--> statement-breakpoint
ALTER TABLE agency_recovery_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE agency_recovery_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY agency_recovery_keys_tenant ON agency_recovery_keys TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant()))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()) AND app_may_approve_clearance((SELECT app_current_user())));
--> statement-breakpoint
GRANT SELECT, INSERT ON agency_recovery_keys TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (replaced_at) ON agency_recovery_keys TO saraban_app;
--> statement-breakpoint
ALTER TABLE letter_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE letter_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY letter_keys_tenant ON letter_keys TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON letter_keys TO saraban_app;
