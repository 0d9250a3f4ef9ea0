-- Need to know inside an agency: a person opens the letters of the units they belong to
-- and those routed to them; a draft is seen by its author, its reviewers and its signer
-- until it is signed, and then also by its owner unit and the central registry (the
-- agency's root unit), which sends it. Background jobs act for the agency as a whole.
CREATE FUNCTION app_current_user() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.user_id', true), '')::uuid
$$;
--> statement-breakpoint
CREATE FUNCTION app_is_system() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('app.system', true), '') = 'on'
$$;
--> statement-breakpoint
-- The units the current person belongs to (any role), read from memberships once per
-- transaction with its scope (db/scope.ts sets app.units); unset, none.
CREATE FUNCTION app_my_units() RETURNS uuid[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_to_array(nullif(current_setting('app.units', true), ''), ',')::uuid[], '{}')
$$;
--> statement-breakpoint
CREATE FUNCTION app_root_unit() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT u.id FROM units u WHERE u.tenant_id = app_current_tenant() AND u.parent_id IS NULL LIMIT 1
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_current_user(), app_is_system(), app_my_units(), app_root_unit() TO saraban_app;
--> statement-breakpoint
-- Who a letter has been given to beyond its own unit: a unit or a person it was routed to
-- (incoming), a reviewer or signer of its review chain (outgoing). Kept by triggers on the
-- routing and review tables; its own policy names no letter table, so the letters'
-- policies can read it without a loop.
CREATE TABLE "letter_readers" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"letter_id" uuid NOT NULL,
	"reader_id" uuid NOT NULL,
	CONSTRAINT "letter_readers_pkey" PRIMARY KEY ("tenant_id", "letter_id", "reader_id")
);
--> statement-breakpoint
ALTER TABLE letter_readers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE letter_readers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY letter_readers_tenant ON letter_readers TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT ON letter_readers TO saraban_app;
--> statement-breakpoint
INSERT INTO letter_readers (tenant_id, letter_id, reader_id)
SELECT tenant_id, letter_id, coalesce(user_id, unit_id) FROM letter_assignments WHERE coalesce(user_id, unit_id) IS NOT NULL
UNION SELECT tenant_id, letter_id, user_id FROM review_steps
ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION letter_assignments_add_reader() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO letter_readers (tenant_id, letter_id, reader_id) VALUES (NEW.tenant_id, NEW.letter_id, coalesce(NEW.user_id, NEW.unit_id))
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER letter_assignments_add_reader AFTER INSERT ON letter_assignments FOR EACH ROW
  WHEN (coalesce(NEW.user_id, NEW.unit_id) IS NOT NULL) EXECUTE FUNCTION letter_assignments_add_reader();
--> statement-breakpoint
CREATE FUNCTION review_steps_add_reader() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO letter_readers (tenant_id, letter_id, reader_id) VALUES (NEW.tenant_id, NEW.letter_id, NEW.user_id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER review_steps_add_reader AFTER INSERT ON review_steps FOR EACH ROW EXECUTE FUNCTION review_steps_add_reader();
--> statement-breakpoint
-- Whether a letter was given to the current person or one of their units. A function (PL/pgSQL,
-- so it is never inlined into a sub-plan) called only when the cheaper tests of a policy have
-- failed: a sub-plan in the policy itself would be set up by every statement reading letters.
CREATE FUNCTION app_letter_given_to_me(tenant uuid, letter uuid) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM letter_readers r WHERE r.tenant_id = tenant AND r.letter_id = letter
                 AND (r.reader_id = app_current_user() OR r.reader_id = ANY (app_my_units())));
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_letter_given_to_me(uuid, uuid) TO saraban_app;
--> statement-breakpoint
DROP POLICY letters_tenant ON letters;
--> statement-breakpoint
CREATE POLICY letters_tenant ON letters TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())
         AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank())
         AND ((SELECT app_is_system())
              OR unit_id = ANY ((SELECT app_my_units())::uuid[])
              OR app_letter_given_to_me(tenant_id, id)))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()) AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank()));
--> statement-breakpoint
DROP POLICY outgoing_letters_tenant ON outgoing_letters;
--> statement-breakpoint
CREATE POLICY outgoing_letters_tenant ON outgoing_letters TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())
         AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank())
         AND ((SELECT app_is_system())
              OR created_by = (SELECT app_current_user())
              OR (signed_at IS NOT NULL AND (unit_id = ANY ((SELECT app_my_units())::uuid[]) OR (SELECT app_root_unit()) = ANY ((SELECT app_my_units())::uuid[])))
              OR app_letter_given_to_me(tenant_id, id)))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()) AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank()));
