-- Sealing an entry compares the entry before and after as records, not as JSON: the same rule
-- (only the place and the hashes may be set, once), at a fraction of the cost per sealed entry.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kept audit_log;
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  kept := OLD;
  kept.prev_hash := NEW.prev_hash;
  kept.hash := NEW.hash;
  kept.chain_seq := NEW.chain_seq;
  IF OLD.hash IS NOT NULL OR kept IS DISTINCT FROM NEW THEN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
