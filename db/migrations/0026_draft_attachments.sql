-- Attachments of a draft may be taken off again; a signed letter's files never change.
GRANT DELETE ON outgoing_files TO saraban_app;
--> statement-breakpoint
CREATE FUNCTION outgoing_files_signed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row outgoing_files := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  IF (TG_OP = 'DELETE' OR row.kind = 'attachment') AND EXISTS (
    SELECT 1 FROM outgoing_letters o WHERE o.tenant_id = row.tenant_id AND o.id = row.letter_id AND o.signed_at IS NOT NULL) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:signed_letter_locked';
  END IF;
  IF TG_OP = 'DELETE' AND row.kind <> 'attachment' THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:signed_letter_locked';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER outgoing_files_signed_guard BEFORE INSERT OR DELETE ON outgoing_files FOR EACH ROW EXECUTE FUNCTION outgoing_files_signed_guard();
