-- Reserved numbers (จองเลข, server/sending/reserve-number.ts): a send number taken at once for a letter
-- signed on paper outside the system, its register line written with it (no gap); the paper letter's
-- scan is attached later, or the reservation is cancelled with a note and the number never reused.
ALTER TABLE outgoing_letters ADD COLUMN "reserved_reason" text CHECK (length(reserved_reason) <= 1000),
  ADD COLUMN "reservation_note" text CHECK (length(reservation_note) <= 1000);
--> statement-breakpoint
GRANT UPDATE (reserved_reason, reservation_note) ON outgoing_letters TO saraban_app;
--> statement-breakpoint
-- A reserved number is numbered as at signing (its line is its unit's to see): the guard of signed
-- letters holds for it too, with its own states: reserved, then paper (its scan attached) or
-- cancelled, and nothing after either.
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
    OR NEW.reserved_reason IS DISTINCT FROM OLD.reserved_reason
    OR (OLD.state IN ('signed', 'sent') AND NEW.state NOT IN ('signed', 'sent'))
    OR (OLD.state = 'reserved' AND NEW.state NOT IN ('reserved', 'paper', 'cancelled'))
    OR (OLD.state IN ('paper', 'cancelled') AND NEW.state IS DISTINCT FROM OLD.state)
    OR (OLD.state NOT IN ('signed', 'sent', 'reserved', 'paper', 'cancelled'))
    OR (OLD.reservation_note IS NOT NULL AND NEW.reservation_note IS DISTINCT FROM OLD.reservation_note)
    OR (OLD.state = 'sent' AND NEW.state <> 'sent')
    OR (OLD.sent_at IS NOT NULL AND NEW.sent_at IS DISTINCT FROM OLD.sent_at)) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:signed_letter_locked';
  END IF;
  RETURN NEW;
END $$;
