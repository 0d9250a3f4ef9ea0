-- What the audit log says about a classified letter is for the classified-documents registrar's
-- own register, not the agency's audit log: the ids of classified letters, drafts and their
-- deliveries are kept here (by triggers), and the agency's audit log leaves their entries out.
CREATE TABLE "classified_targets" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"target_id" text NOT NULL,
	CONSTRAINT "classified_targets_pkey" PRIMARY KEY ("tenant_id", "target_id")
);
--> statement-breakpoint
ALTER TABLE classified_targets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE classified_targets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY classified_targets_tenant ON classified_targets TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT ON classified_targets TO saraban_app;
--> statement-breakpoint
CREATE FUNCTION classified_target_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO classified_targets (tenant_id, target_id) VALUES (NEW.tenant_id, NEW.id::text) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER letters_classified_target AFTER INSERT ON letters FOR EACH ROW
  WHEN (NEW.secrecy <> 'normal') EXECUTE FUNCTION classified_target_add();
--> statement-breakpoint
CREATE TRIGGER outgoing_letters_classified_target AFTER INSERT ON outgoing_letters FOR EACH ROW
  WHEN (NEW.secrecy <> 'normal') EXECUTE FUNCTION classified_target_add();
--> statement-breakpoint
CREATE TRIGGER deliveries_classified_target AFTER INSERT ON deliveries FOR EACH ROW
  WHEN ((NEW.letter->>'secrecy') IS DISTINCT FROM 'normal') EXECUTE FUNCTION classified_target_add();
--> statement-breakpoint
INSERT INTO classified_targets (tenant_id, target_id)
SELECT tenant_id, id::text FROM letters WHERE secrecy <> 'normal'
UNION SELECT tenant_id, id::text FROM outgoing_letters WHERE secrecy <> 'normal'
UNION SELECT tenant_id, id::text FROM deliveries WHERE (letter->>'secrecy') IS DISTINCT FROM 'normal'
ON CONFLICT DO NOTHING;
