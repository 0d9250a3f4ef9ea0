-- Files follow their letter: visible only to those who may see the letter.
ALTER TABLE letter_files ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE letter_files FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY letter_files_tenant ON letter_files TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM letters l WHERE l.tenant_id = letter_files.tenant_id AND l.id = letter_files.letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT ON letter_files TO saraban_app;
