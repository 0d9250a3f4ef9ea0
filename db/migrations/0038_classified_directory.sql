-- The platform's directory of classified keys: for every agency, the public keys of its
-- people appointed to classified work (active, cleared, with a current key) and of its
-- recovery key, so another agency's browser can seal a letter for them (docs/classified.md).
-- Public keys only; readable by every agency, written only by triggers inside the agency
-- whose keys they are.
CREATE TABLE "classified_directory" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"key_id" uuid NOT NULL,
	"user_id" uuid,
	"full_name_th" text DEFAULT '' NOT NULL,
	"position" text DEFAULT '' NOT NULL,
	"clearance" text NOT NULL,
	"public_key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"key_created_at" timestamp with time zone NOT NULL,
	"key_changed" boolean DEFAULT false NOT NULL,
	CONSTRAINT "classified_directory_pkey" PRIMARY KEY ("tenant_id", "key_id")
);
--> statement-breakpoint
CREATE INDEX "classified_directory_user" ON "classified_directory" ("tenant_id", "user_id");
--> statement-breakpoint
ALTER TABLE classified_directory ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE classified_directory FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Read by any agency, inside its own transaction (never with no agency set).
CREATE POLICY classified_directory_read ON classified_directory FOR SELECT TO saraban_app USING ((SELECT app_current_tenant()) IS NOT NULL);
--> statement-breakpoint
CREATE POLICY classified_directory_own_insert ON classified_directory FOR INSERT TO saraban_app
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
CREATE POLICY classified_directory_own_delete ON classified_directory FOR DELETE TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON classified_directory TO saraban_app;
--> statement-breakpoint
-- A person's entry, as it is now: present only while they may be given classified letters.
CREATE FUNCTION app_publish_person_key(tenant uuid, person uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM classified_directory d WHERE d.tenant_id = tenant AND d.user_id = person;
  INSERT INTO classified_directory (tenant_id, key_id, user_id, full_name_th, position, clearance, public_key, fingerprint, key_created_at, key_changed)
  SELECT k.tenant_id, k.id, u.id, u.full_name_th, u.position, u.clearance, k.public_key, k.fingerprint, k.created_at,
    EXISTS (SELECT 1 FROM person_keys o WHERE o.tenant_id = k.tenant_id AND o.user_id = k.user_id AND o.replaced_at IS NOT NULL)
  FROM person_keys k JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.user_id
  WHERE k.tenant_id = tenant AND k.user_id = person AND k.replaced_at IS NULL
    AND u.status = 'active' AND u.classified_appointed AND clearance_rank(u.clearance) >= 1;
END $$;
--> statement-breakpoint
CREATE FUNCTION person_keys_publish() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_publish_person_key(NEW.tenant_id, NEW.user_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER person_keys_publish AFTER INSERT OR UPDATE ON person_keys FOR EACH ROW EXECUTE FUNCTION person_keys_publish();
--> statement-breakpoint
CREATE FUNCTION users_publish_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app_publish_person_key(NEW.tenant_id, NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_publish_key AFTER UPDATE OF status, clearance, classified_appointed, full_name_th, position ON users
  FOR EACH ROW EXECUTE FUNCTION users_publish_key();
--> statement-breakpoint
CREATE FUNCTION recovery_keys_publish() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM classified_directory d WHERE d.tenant_id = NEW.tenant_id AND d.user_id IS NULL;
  INSERT INTO classified_directory (tenant_id, key_id, user_id, clearance, public_key, fingerprint, key_created_at)
  SELECT k.tenant_id, k.id, NULL, 'secret', k.public_key, k.fingerprint, k.created_at
  FROM agency_recovery_keys k WHERE k.tenant_id = NEW.tenant_id AND k.replaced_at IS NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER recovery_keys_publish AFTER INSERT OR UPDATE ON agency_recovery_keys FOR EACH ROW EXECUTE FUNCTION recovery_keys_publish();
--> statement-breakpoint
INSERT INTO classified_directory (tenant_id, key_id, user_id, full_name_th, position, clearance, public_key, fingerprint, key_created_at, key_changed)
SELECT k.tenant_id, k.id, u.id, u.full_name_th, u.position, u.clearance, k.public_key, k.fingerprint, k.created_at,
  EXISTS (SELECT 1 FROM person_keys o WHERE o.tenant_id = k.tenant_id AND o.user_id = k.user_id AND o.replaced_at IS NOT NULL)
FROM person_keys k JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.user_id
WHERE k.replaced_at IS NULL AND u.status = 'active' AND u.classified_appointed AND clearance_rank(u.clearance) >= 1
UNION ALL
SELECT k.tenant_id, k.id, NULL, '', '', 'secret', k.public_key, k.fingerprint, k.created_at, false
FROM agency_recovery_keys k WHERE k.replaced_at IS NULL;
--> statement-breakpoint
-- A classified letter that arrives from another agency is sealed too, like one recorded here
-- (letters delivered before sealed delivery existed keep their form: NOT VALID).
ALTER TABLE "letters" DROP CONSTRAINT "letters_classified_sealed";
--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_classified_sealed"
  CHECK (secrecy = 'normal' OR (sealed_details IS NOT NULL AND subject = '' AND remarks = '')) NOT VALID;
