ALTER TABLE "outgoing_letters" ADD COLUMN "superseded_by" uuid;--> statement-breakpoint
ALTER TABLE "outgoing_letters" ADD COLUMN "superseded_reason" text;--> statement-breakpoint
-- A signed letter may be marked superseded (once, with the reason) while it is not sent;
-- the signed-letter guard lets only that through, besides sending.
GRANT UPDATE (superseded_by, superseded_reason) ON outgoing_letters TO saraban_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION outgoing_letters_signed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL AND (
       NEW.subject IS DISTINCT FROM OLD.subject OR NEW.urgency IS DISTINCT FROM OLD.urgency OR NEW.secrecy IS DISTINCT FROM OLD.secrecy
    OR NEW.circular IS DISTINCT FROM OLD.circular OR NEW.version IS DISTINCT FROM OLD.version OR NEW.kind IS DISTINCT FROM OLD.kind
    OR NEW.document_number IS DISTINCT FROM OLD.document_number OR NEW.number IS DISTINCT FROM OLD.number
    OR NEW.register_id IS DISTINCT FROM OLD.register_id OR NEW.number_year IS DISTINCT FROM OLD.number_year
    OR NEW.letter_date IS DISTINCT FROM OLD.letter_date OR NEW.signed_at IS DISTINCT FROM OLD.signed_at OR NEW.signed_by IS DISTINCT FROM OLD.signed_by
    OR NEW.signed_sha256 IS DISTINCT FROM OLD.signed_sha256 OR NEW.verify_code IS DISTINCT FROM OLD.verify_code
    OR NEW.signer_name IS DISTINCT FROM OLD.signer_name OR NEW.signer_position IS DISTINCT FROM OLD.signer_position
    OR NEW.state NOT IN ('signed', 'sent') OR (OLD.state = 'sent' AND NEW.state <> 'sent')
    OR (OLD.sent_at IS NOT NULL AND NEW.sent_at IS DISTINCT FROM OLD.sent_at)
    OR (OLD.superseded_by IS NOT NULL AND (NEW.superseded_by IS DISTINCT FROM OLD.superseded_by OR NEW.state <> OLD.state))
    OR (NEW.superseded_by IS NOT NULL AND OLD.superseded_by IS NULL AND OLD.state <> 'signed')) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:signed_letter_locked';
  END IF;
  RETURN NEW;
END $$;
