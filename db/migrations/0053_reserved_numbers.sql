-- Reserved numbers (จองเลข, server/sending/reserve-number.ts): a send number taken at once for a letter
-- signed on paper outside the system, its register line written with it (no gap); the paper letter's
-- scan is attached later, or the reservation is cancelled with a note and the number never reused.
ALTER TABLE outgoing_letters ADD COLUMN "reserved_reason" text CHECK (length(reserved_reason) <= 1000),
  ADD COLUMN "reservation_note" text CHECK (length(reservation_note) <= 1000);
--> statement-breakpoint
GRANT UPDATE (reserved_reason, reservation_note) ON outgoing_letters TO saraban_app;
