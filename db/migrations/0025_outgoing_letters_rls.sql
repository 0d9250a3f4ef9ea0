-- Outgoing letters: RLS (secrecy as for incoming letters), grants, the signed-letter
-- guard, and the platform's public index of signed letters.
ALTER TABLE outgoing_letters ADD CONSTRAINT outgoing_letters_no_top_secret CHECK (secrecy <> 'top_secret');
--> statement-breakpoint
ALTER TABLE outgoing_letters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE outgoing_letters FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY outgoing_letters_tenant ON outgoing_letters TO saraban_app
  USING (tenant_id = app_current_tenant() AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank()))
  WITH CHECK (tenant_id = app_current_tenant() AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank()));
--> statement-breakpoint
ALTER TABLE outgoing_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE outgoing_versions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY outgoing_versions_tenant ON outgoing_versions TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM outgoing_letters o WHERE o.tenant_id = outgoing_versions.tenant_id AND o.id = outgoing_versions.letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
ALTER TABLE outgoing_files ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE outgoing_files FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY outgoing_files_tenant ON outgoing_files TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM outgoing_letters o WHERE o.tenant_id = outgoing_files.tenant_id AND o.id = outgoing_files.letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
ALTER TABLE review_steps ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE review_steps FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY review_steps_tenant ON review_steps TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM outgoing_letters o WHERE o.tenant_id = review_steps.tenant_id AND o.id = review_steps.letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
ALTER TABLE draft_comments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE draft_comments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY draft_comments_tenant ON draft_comments TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM outgoing_letters o WHERE o.tenant_id = draft_comments.tenant_id AND o.id = draft_comments.letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
ALTER TABLE send_register_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE send_register_entries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY send_register_entries_tenant ON send_register_entries TO saraban_app
  USING (tenant_id = app_current_tenant()
         AND EXISTS (SELECT 1 FROM outgoing_letters o WHERE o.tenant_id = send_register_entries.tenant_id AND o.id = send_register_entries.outgoing_letter_id))
  WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
ALTER TABLE agency_certificates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE agency_certificates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY agency_certificates_tenant ON agency_certificates TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT ON outgoing_letters, outgoing_versions, outgoing_files, review_steps, draft_comments, send_register_entries, agency_certificates TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (subject, urgency, secrecy, circular, state, version, updated_at, reply_to_letter_id, document_number, register_id, number_year, number,
  letter_date, signed_at, signed_by, signer_name, signer_position, signed_sha256, verify_code, sent_at, sent_by, sent_by_name) ON outgoing_letters TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (state, reason, acted_at) ON review_steps TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (retired_at) ON agency_certificates TO saraban_app;
--> statement-breakpoint
-- A signed letter is what was signed: only sending may change it afterwards.
CREATE FUNCTION outgoing_letters_signed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
    OR (OLD.sent_at IS NOT NULL AND NEW.sent_at IS DISTINCT FROM OLD.sent_at)) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:signed_letter_locked';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER outgoing_letters_signed_guard BEFORE UPDATE ON outgoing_letters FOR EACH ROW EXECUTE FUNCTION outgoing_letters_signed_guard();
--> statement-breakpoint
CREATE FUNCTION outgoing_versions_signed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM outgoing_letters o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.letter_id AND o.signed_at IS NOT NULL) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:signed_letter_locked';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER outgoing_versions_signed_guard BEFORE INSERT ON outgoing_versions FOR EACH ROW EXECUTE FUNCTION outgoing_versions_signed_guard();
--> statement-breakpoint
-- The public index of signed letters: agencies add to it (their own tenant stamped),
-- the platform role reads it for the verification page. Nobody changes a row.
REVOKE ALL ON signed_documents FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT ON signed_documents TO saraban_platform;
--> statement-breakpoint
CREATE FUNCTION app_publish_signature(code text, agency_name text, document_number text, letter_date text, signer_name text,
  signer_position text, signed_at timestamptz, sha256 text)
RETURNS void LANGUAGE sql SECURITY DEFINER AS $$
  INSERT INTO public.signed_documents (verify_code, agency_id, agency_name, document_number, letter_date, signer_name, signer_position, signed_at, sha256)
  SELECT code, t, agency_name, document_number, letter_date, signer_name, signer_position, signed_at, sha256
  FROM (SELECT public.app_current_tenant() AS t) AS s WHERE s.t IS NOT NULL
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_publish_signature(text, text, text, text, text, text, timestamptz, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_publish_signature(text, text, text, text, text, text, timestamptz, text) TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (confirmed_by_name, transport, provider_message_id, attempts, last_error) ON deliveries TO saraban_app;
--> statement-breakpoint
ALTER TABLE smtp_servers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE smtp_servers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY smtp_servers_tenant ON smtp_servers TO saraban_app USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON smtp_servers TO saraban_app;
