-- A classified outgoing letter is drafted, reviewed and signed sealed (docs/classified.md): each
-- version's content only as ciphertext under the letter's content key, beside a shell that keeps
-- what the platform needs in the clear (kind marks, urgency, secrecy, recipients); its signed PDF
-- only as ciphertext too.
ALTER TABLE "outgoing_versions" ADD COLUMN "sealed_content" text;
--> statement-breakpoint
ALTER TABLE "outgoing_files" ADD COLUMN "sealed" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "outgoing_versions" ADD CONSTRAINT "outgoing_versions_classified_sealed"
  CHECK ((content->>'secrecy') IS NULL OR (content->>'secrecy') = 'normal' OR (sealed_content IS NOT NULL AND (content->>'subject') = '')) NOT VALID;
--> statement-breakpoint
ALTER TABLE "outgoing_letters" ADD CONSTRAINT "outgoing_letters_classified_sealed" CHECK (secrecy = 'normal' OR subject = '') NOT VALID;
