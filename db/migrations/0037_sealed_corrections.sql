-- A classified letter's sealed details are corrected like any details: re-sealed in a key
-- holder's browser, and recorded (before and after, as ciphertext) with the reason.
GRANT UPDATE (sealed_details) ON letters TO saraban_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION letters_record_correction() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  reason text := nullif(current_setting('app.correction_reason', true), '');
  before jsonb := jsonb_build_object('documentNumber', OLD.document_number, 'letterDate', OLD.letter_date, 'fromText', OLD.from_text,
    'toText', OLD.to_text, 'subject', OLD.subject, 'remarks', OLD.remarks, 'sealedDetails', OLD.sealed_details);
  after jsonb := jsonb_build_object('documentNumber', NEW.document_number, 'letterDate', NEW.letter_date, 'fromText', NEW.from_text,
    'toText', NEW.to_text, 'subject', NEW.subject, 'remarks', NEW.remarks, 'sealedDetails', NEW.sealed_details);
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
