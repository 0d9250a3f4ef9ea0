-- Row-level security without a probe of letters per row (docs/decisions.md, "A million letters").
-- A register line, a routing part and the text read from a file were visible to whoever may see their
-- letter: their policies probed letters (and its policy) once per row. Each now carries its letter's
-- unit and secrecy, copied when it is written, and its policy is the letters policy on those columns:
-- the same guarantee, since neither may ever change (no role may update a letter's unit or secrecy,
-- nor these copies), and a person of the letter's unit is answered without reading letters at all.
ALTER TABLE register_entries ADD COLUMN "unit_id" uuid, ADD COLUMN "secrecy" text;
--> statement-breakpoint
ALTER TABLE letter_assignments ADD COLUMN "letter_unit_id" uuid, ADD COLUMN "secrecy" text;
--> statement-breakpoint
ALTER TABLE letter_texts ADD COLUMN "unit_id" uuid, ADD COLUMN "secrecy" text;
--> statement-breakpoint
UPDATE register_entries e SET unit_id = l.unit_id, secrecy = l.secrecy FROM letters l WHERE l.tenant_id = e.tenant_id AND l.id = e.letter_id;
--> statement-breakpoint
UPDATE letter_assignments a SET letter_unit_id = l.unit_id, secrecy = l.secrecy FROM letters l WHERE l.tenant_id = a.tenant_id AND l.id = a.letter_id;
--> statement-breakpoint
UPDATE letter_texts t SET unit_id = l.unit_id, secrecy = l.secrecy FROM letters l WHERE l.tenant_id = t.tenant_id AND l.id = t.letter_id;
--> statement-breakpoint
ALTER TABLE register_entries ALTER COLUMN "unit_id" SET NOT NULL, ALTER COLUMN "secrecy" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE letter_assignments ALTER COLUMN "letter_unit_id" SET NOT NULL, ALTER COLUMN "secrecy" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE letter_texts ALTER COLUMN "unit_id" SET NOT NULL, ALTER COLUMN "secrecy" SET NOT NULL;
--> statement-breakpoint
-- Whatever the writer sends, the copies are the letter's own, read as the writer may see it: a row
-- for a letter the writer cannot see is refused. (Read as the owner instead, it measured the same.)
CREATE FUNCTION app_copy_letter_scope() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unit uuid;
  level text;
BEGIN
  SELECT l.unit_id, l.secrecy INTO unit, level FROM letters l WHERE l.tenant_id = NEW.tenant_id AND l.id = NEW.letter_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such letter' USING ERRCODE = '42501';
  END IF;
  IF TG_TABLE_NAME = 'letter_assignments' THEN
    NEW.letter_unit_id := unit;
  ELSE
    NEW.unit_id := unit;
  END IF;
  NEW.secrecy := level;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER register_entries_letter_scope BEFORE INSERT ON register_entries FOR EACH ROW EXECUTE FUNCTION app_copy_letter_scope();
--> statement-breakpoint
CREATE TRIGGER letter_assignments_letter_scope BEFORE INSERT ON letter_assignments FOR EACH ROW EXECUTE FUNCTION app_copy_letter_scope();
--> statement-breakpoint
CREATE TRIGGER letter_texts_letter_scope BEFORE INSERT ON letter_texts FOR EACH ROW EXECUTE FUNCTION app_copy_letter_scope();
--> statement-breakpoint
DROP POLICY register_entries_tenant ON register_entries;
--> statement-breakpoint
CREATE POLICY register_entries_tenant ON register_entries TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())
         AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank())
         AND ((SELECT app_is_system())
              OR unit_id = ANY ((SELECT app_my_units())::uuid[])
              OR app_letter_given_to_me(tenant_id, letter_id)))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
DROP POLICY letter_assignments_tenant ON letter_assignments;
--> statement-breakpoint
CREATE POLICY letter_assignments_tenant ON letter_assignments TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())
         AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank())
         AND ((SELECT app_is_system())
              OR letter_unit_id = ANY ((SELECT app_my_units())::uuid[])
              OR app_letter_given_to_me(tenant_id, letter_id)))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
DROP POLICY letter_texts_tenant ON letter_texts;
--> statement-breakpoint
CREATE POLICY letter_texts_tenant ON letter_texts TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())
         AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank())
         AND ((SELECT app_is_system())
              OR unit_id = ANY ((SELECT app_my_units())::uuid[])
              OR app_letter_given_to_me(tenant_id, letter_id)))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()));
