-- A file's text follows its letter: visible only to those who may see the letter.
ALTER TABLE letter_texts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE letter_texts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY letter_texts_tenant ON letter_texts TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM letters l WHERE l.tenant_id = letter_texts.tenant_id AND l.id = letter_texts.letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT ON letter_texts TO saraban_app;
