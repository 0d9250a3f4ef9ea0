-- Registered details change only by a recorded correction: the app may update these
-- columns, and a trigger refuses any update without a reason and records before/after.
ALTER TABLE letter_corrections ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE letter_corrections FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY letter_corrections_tenant ON letter_corrections TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM letters l WHERE l.tenant_id = letter_corrections.tenant_id AND l.id = letter_corrections.letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT ON letter_corrections TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (document_number, letter_date, from_text, to_text, subject, remarks) ON letters TO saraban_app;
--> statement-breakpoint
CREATE FUNCTION letters_record_correction() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  reason text := nullif(current_setting('app.correction_reason', true), '');
  before jsonb := jsonb_build_object('documentNumber', OLD.document_number, 'letterDate', OLD.letter_date, 'fromText', OLD.from_text,
    'toText', OLD.to_text, 'subject', OLD.subject, 'remarks', OLD.remarks);
  after jsonb := jsonb_build_object('documentNumber', NEW.document_number, 'letterDate', NEW.letter_date, 'fromText', NEW.from_text,
    'toText', NEW.to_text, 'subject', NEW.subject, 'remarks', NEW.remarks);
BEGIN
  IF reason IS NULL THEN
    RAISE EXCEPTION 'a letter''s details change only by a recorded correction' USING ERRCODE = '42501';
  END IF;
  IF before = after THEN
    RETURN NEW;
  END IF;
  INSERT INTO letter_corrections (tenant_id, id, letter_id, before, after, reason, corrected_by, corrected_by_name)
  VALUES (OLD.tenant_id, gen_random_uuid(), OLD.id,
    (SELECT jsonb_object_agg(key, value) FROM jsonb_each(before) WHERE before -> key IS DISTINCT FROM after -> key),
    (SELECT jsonb_object_agg(key, value) FROM jsonb_each(after) WHERE before -> key IS DISTINCT FROM after -> key),
    reason, nullif(current_setting('app.user_id', true), '')::uuid, coalesce(current_setting('app.user_name', true), ''));
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER letters_corrections BEFORE UPDATE ON letters FOR EACH ROW EXECUTE FUNCTION letters_record_correction();
