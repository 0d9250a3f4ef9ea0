-- Returning an incoming letter (server/registry/return-letter.ts): a waiting letter is sent back to
-- its sender with the reason (the letter keeps when and why; the sender's delivery record shows it),
-- or passed to the registry of the unit it was meant for.
ALTER TABLE letters ADD COLUMN "returned_at" timestamptz, ADD COLUMN "returned_reason" text CHECK (length(returned_reason) <= 1000);
--> statement-breakpoint
GRANT UPDATE (returned_at, returned_reason) ON letters TO saraban_app;
--> statement-breakpoint
-- The details still change only by a recorded correction; when and why a letter was returned, or
-- which unit holds it, are not its details.
DROP TRIGGER letters_corrections ON letters;
--> statement-breakpoint
CREATE TRIGGER letters_corrections BEFORE UPDATE OF document_number, letter_date, from_text, to_text, subject, remarks, sealed_details ON letters
  FOR EACH ROW EXECUTE FUNCTION letters_record_correction();
--> statement-breakpoint
ALTER TABLE deliveries ADD COLUMN "returned_at" timestamptz, ADD COLUMN "returned_reason" text CHECK (length(returned_reason) <= 1000);
--> statement-breakpoint
GRANT UPDATE (returned_at, returned_reason) ON deliveries TO saraban_app;
--> statement-breakpoint
-- Passing a waiting letter to another unit moves the letter's unit, which no role may change
-- directly: the copies of it (the text read from its files) move with it, in one place. Only a
-- person of the unit holding the letter may pass it, only while it waits there, only to an active
-- unit of the same agency; a classified letter is never passed (its keys are its readers').
CREATE FUNCTION app_pass_waiting_letter(letter uuid, from_unit uuid, to_unit uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  tenant uuid := app_current_tenant();
BEGIN
  IF tenant IS NULL OR NOT (from_unit = ANY (app_my_units())) OR from_unit = to_unit THEN
    RETURN false;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM units u WHERE u.tenant_id = tenant AND u.id = to_unit AND u.active) THEN
    RETURN false;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM letters l WHERE l.tenant_id = tenant AND l.id = letter AND l.secrecy = 'normal' AND l.sealed_details IS NULL) THEN
    RETURN false;
  END IF;
  UPDATE waiting_letters SET unit_id = to_unit, since = clock_timestamp() WHERE tenant_id = tenant AND letter_id = letter AND unit_id = from_unit;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE letters SET unit_id = to_unit WHERE tenant_id = tenant AND id = letter;
  UPDATE letter_texts SET unit_id = to_unit WHERE tenant_id = tenant AND letter_id = letter;
  RETURN true;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_pass_waiting_letter(uuid, uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_pass_waiting_letter(uuid, uuid, uuid) TO saraban_app;
