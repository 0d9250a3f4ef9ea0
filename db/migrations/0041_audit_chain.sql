-- The audit log as a hash chain per agency (docs/decisions.md, "The audit chain"). An entry gets
-- its content and its place (id) in the transaction of the act; right after, the sealer gives
-- each agency's committed entries, in id order, their number in the chain (chain_seq), the hash
-- of the entry before and their own hash: no append waits on the chain. The verifier recomputes
-- every hash from the content.
ALTER TABLE "audit_log" ADD COLUMN "chain_seq" bigint;
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_chain" ON "audit_log" ("tenant_id", "chain_seq") WHERE chain_seq IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "audit_log_unsealed" ON "audit_log" ("tenant_id", "id") WHERE hash IS NULL;
--> statement-breakpoint
-- The hash of one entry after `prev` (the hash of the entry before it; '' for the first).
CREATE FUNCTION app_audit_hash(prev text, e audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(E'\x1f', coalesce(prev, ''), e.tenant_id::text, e.chain_seq::text, e.id::text,
    extract(epoch FROM e.occurred_at)::text, e.actor_kind, coalesce(e.actor_id::text, ''), e.actor_name, e.action, e.target_type,
    coalesce(e.target_id, ''), e.data::text, coalesce(e.ip, '')), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_audit_hash(text, audit_log) TO saraban_app;
--> statement-breakpoint
-- The sealer (the job worker, as the owner) finds the agencies with entries waiting through the
-- partial index above: only committed entries are visible to it, so one committing late is
-- sealed on the next pass. The owner reads the log; the app role's policy is unchanged.
CREATE POLICY audit_log_sealer_read ON audit_log FOR SELECT TO CURRENT_USER USING (true);
--> statement-breakpoint
-- An entry's time is the server's, and a person's entry names that person: never what the caller says.
CREATE FUNCTION audit_log_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.occurred_at := now();
  NEW.prev_hash := NULL;
  NEW.hash := NULL;
  NEW.chain_seq := NULL;
  IF NEW.actor_kind = 'user' AND app_current_user() IS NOT NULL AND NEW.actor_id IS DISTINCT FROM app_current_user() THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:audit_actor_forged';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_stamp();
--> statement-breakpoint
-- Append-only still; the only change allowed is sealing an entry once (its place and hashes).
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.hash IS NOT NULL
     OR (to_jsonb(NEW) - 'prev_hash' - 'hash' - 'chain_seq') <> (to_jsonb(OLD) - 'prev_hash' - 'hash' - 'chain_seq') THEN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
GRANT UPDATE (prev_hash, hash, chain_seq) ON audit_log TO saraban_app;
--> statement-breakpoint
-- Seals up to `batch` of the agency's committed, unsealed entries in id order after its chain's
-- head, in one update. One sealer per agency at a time (an advisory lock of the transaction).
CREATE FUNCTION app_seal_audit(tenant uuid, batch int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  r audit_log;
  ids bigint[] := '{}';
  seqs bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit-chain:' || tenant::text, 0));
  SELECT a.chain_seq, a.hash INTO last_seq, last_hash FROM audit_log a
    WHERE a.tenant_id = tenant AND a.chain_seq IS NOT NULL ORDER BY a.chain_seq DESC LIMIT 1;
  last_seq := coalesce(last_seq, 0);
  FOR r IN SELECT * FROM audit_log a WHERE a.tenant_id = tenant AND a.hash IS NULL ORDER BY a.id LIMIT batch LOOP
    last_seq := last_seq + 1;
    r.chain_seq := last_seq;
    r.prev_hash := last_hash;
    last_hash := app_audit_hash(r.prev_hash, r);
    ids := array_append(ids, r.id);
    seqs := array_append(seqs, last_seq);
    prevs := array_append(prevs, r.prev_hash);
    hashes := array_append(hashes, last_hash);
  END LOOP;
  UPDATE audit_log a SET chain_seq = u.seq, prev_hash = u.prev, hash = u.h
    FROM unnest(ids, seqs, prevs, hashes) AS u(id, seq, prev, h) WHERE a.tenant_id = tenant AND a.id = u.id;
  RETURN coalesce(array_length(ids, 1), 0);
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_seal_audit(uuid, int) TO saraban_app;
