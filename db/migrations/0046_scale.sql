-- A registry of a million letters (docs/decisions.md, "A million letters"): indexes that let every
-- screen read only the rows it shows, and the words of a letter found through a trigram index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- The letter page reads every register line of its letter, cancelled ones included.
CREATE INDEX IF NOT EXISTS "register_entries_letter_idx" ON "register_entries" ("tenant_id", "letter_id");
--> statement-breakpoint
-- A day of the register: where its lines begin.
CREATE INDEX IF NOT EXISTS "register_entries_day_idx" ON "register_entries" ("tenant_id", "register_id", "registered_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "send_register_entries_day_idx" ON "send_register_entries" ("tenant_id", "register_id", "registered_at");
--> statement-breakpoint
-- The text read from a letter's files, by letter (the letter page, the words filter, the policy's probe).
CREATE INDEX IF NOT EXISTS "letter_texts_letter_idx" ON "letter_texts" ("tenant_id", "letter_id");
--> statement-breakpoint
-- The unread count of the bell: only the unread are indexed, so it never grows with the read ones.
CREATE INDEX IF NOT EXISTS "notifications_unread_idx" ON "notifications" ("tenant_id", "user_id") WHERE read_at IS NULL;
--> statement-breakpoint
-- The inbox: open parts of a person or a unit, newest first, and the latest closed ones.
DROP INDEX IF EXISTS "letter_assignments_user_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "letter_assignments_unit_idx";
--> statement-breakpoint
CREATE INDEX "letter_assignments_user_idx" ON "letter_assignments" ("tenant_id", "user_id", "assigned_at");
--> statement-breakpoint
CREATE INDEX "letter_assignments_unit_idx" ON "letter_assignments" ("tenant_id", "unit_id", "assigned_at");
--> statement-breakpoint
CREATE INDEX "letter_assignments_user_open_idx" ON "letter_assignments" ("tenant_id", "user_id", "assigned_at") WHERE closed_at IS NULL;
--> statement-breakpoint
CREATE INDEX "letter_assignments_unit_open_idx" ON "letter_assignments" ("tenant_id", "unit_id", "assigned_at") WHERE closed_at IS NULL;
--> statement-breakpoint
-- What was sent, newest first: by the unit, by whoever drafted it and whoever sent it.
CREATE INDEX "outgoing_letters_sent_unit_idx" ON "outgoing_letters" ("tenant_id", "unit_id", "sent_at") WHERE state = 'sent';
--> statement-breakpoint
CREATE INDEX "outgoing_letters_sent_creator_idx" ON "outgoing_letters" ("tenant_id", "created_by", "sent_at") WHERE state = 'sent';
--> statement-breakpoint
CREATE INDEX "outgoing_letters_sent_sender_idx" ON "outgoing_letters" ("tenant_id", "sent_by", "sent_at") WHERE state = 'sent';
--> statement-breakpoint
-- The words of a letter (เรื่อง, จาก, ถึง, ที่) and of the text read from its files, for ILIKE.
CREATE INDEX "letters_words_trgm" ON "letters" USING gin ((subject || ' ' || from_text || ' ' || to_text || ' ' || document_number) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "letter_texts_words_trgm" ON "letter_texts" USING gin ("text" gin_trgm_ops);
--> statement-breakpoint
-- The agency's letters whose words contain a pattern, at most `cap` of them. A condition that is
-- not leakproof (ILIKE) cannot be handed to an index under row-level security, so this reads as
-- the owner, within the caller's agency only, and returns ids alone: every caller joins them to
-- letters or register lines under their own policies, which decide what the person may see.
CREATE FUNCTION app_letters_with_words(pattern text, cap integer) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  -- UNION ALL, so that the limit stops the reading early (a letter may come twice: callers test membership).
  (SELECT id FROM letters
    WHERE tenant_id = app_current_tenant() AND (subject || ' ' || from_text || ' ' || to_text || ' ' || document_number) ILIKE pattern
   UNION ALL
   SELECT letter_id FROM letter_texts WHERE tenant_id = app_current_tenant() AND text ILIKE pattern)
  LIMIT cap
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_letters_with_words(text, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_letters_with_words(text, integer) TO saraban_app;
