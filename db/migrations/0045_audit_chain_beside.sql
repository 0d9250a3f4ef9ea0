-- The audit chain moves beside the log (docs/decisions.md, "The audit chain"): sealing an entry
-- inserts one narrow row (its place, its id, its hash) instead of rewriting the entry, so the log
-- is never updated at all and sealing costs appends little. The hash of each entry is computed
-- from the same content as before, so chains sealed before this migration still verify.
CREATE TABLE "audit_chain" (
	"tenant_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"entry_id" bigint NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_chain_pkey" PRIMARY KEY ("tenant_id", "seq")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_entry" ON "audit_chain" ("tenant_id", "entry_id");
--> statement-breakpoint
-- Where each agency's sealer stands. Every entry with an id up to `low_id` is in the chain;
-- `top_id` is the highest id sealed (an entry above it is new, one below it may commit late).
-- `next_low` is the log's identity value read at an earlier pass and `waiting_for` the
-- transactions running right after: once all of those have ended, no entry at or below
-- `next_low` can still commit, and `low_id` moves up to it when all of them are sealed. Late
-- commits (a lower id committing after a higher one) are thus sealed, never skipped, and a pass
-- only looks at the entries above `low_id`.
CREATE TABLE "audit_chain_state" (
	"tenant_id" uuid PRIMARY KEY,
	"low_id" bigint DEFAULT 0 NOT NULL,
	"top_id" bigint DEFAULT 0 NOT NULL,
	"next_low" bigint,
	"waiting_for" text[]
);
--> statement-breakpoint
INSERT INTO audit_chain (tenant_id, seq, entry_id, hash)
  SELECT tenant_id, chain_seq, id, hash FROM audit_log WHERE chain_seq IS NOT NULL AND hash IS NOT NULL;
--> statement-breakpoint
INSERT INTO audit_chain_state (tenant_id, low_id, top_id)
  SELECT tenant_id, coalesce(min(id) FILTER (WHERE chain_seq IS NULL) - 1, max(id)), coalesce(max(id) FILTER (WHERE chain_seq IS NOT NULL), 0)
  FROM audit_log GROUP BY tenant_id;
--> statement-breakpoint
DROP FUNCTION app_seal_audit(uuid, int);
--> statement-breakpoint
DROP FUNCTION app_audit_hash(text, audit_log);
--> statement-breakpoint
ALTER TABLE audit_log DROP COLUMN prev_hash, DROP COLUMN hash, DROP COLUMN chain_seq;
--> statement-breakpoint
-- The log is append-only again without exception: no update, no delete.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
-- An entry's time is the server's (the column's default: the app roles may not name it), and a
-- person's entry names that person, never what the caller says: a grant and a policy, checked
-- in the insert itself, instead of a trigger run for every entry.
DROP TRIGGER audit_log_stamp ON audit_log;
--> statement-breakpoint
DROP FUNCTION audit_log_stamp();
--> statement-breakpoint
REVOKE INSERT ON audit_log FROM saraban_app, saraban_platform;
--> statement-breakpoint
GRANT INSERT (tenant_id, actor_kind, actor_id, actor_name, action, target_type, target_id, data, ip) ON audit_log TO saraban_app, saraban_platform;
--> statement-breakpoint
CREATE POLICY audit_log_actor ON audit_log AS RESTRICTIVE FOR INSERT TO saraban_app, saraban_platform
  WITH CHECK (actor_kind <> 'user' OR (SELECT app_current_user()) IS NULL OR actor_id = (SELECT app_current_user()));
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
ALTER TABLE audit_chain ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_chain FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_chain_state ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_chain_state FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_chain_tenant ON audit_chain TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
CREATE POLICY audit_chain_state_tenant ON audit_chain_state TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
-- The owner (the worker's sealer pass and the verify command) reads every agency's chain.
CREATE POLICY audit_chain_owner_read ON audit_chain FOR SELECT TO CURRENT_USER USING (true);
--> statement-breakpoint
CREATE POLICY audit_chain_state_owner_read ON audit_chain_state FOR SELECT TO CURRENT_USER USING (true);
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_chain TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON audit_chain_state TO saraban_app;
--> statement-breakpoint
GRANT SELECT ON SEQUENCE audit_log_id_seq TO saraban_app;
--> statement-breakpoint
-- The hash of one entry at place `seq` after `prev` (the hash of the entry before it; '' for the first).
-- Stable, as the time's epoch is (not immutable): so it is inlined where it is called, at a third of
-- the cost of a call per entry.
CREATE FUNCTION app_audit_hash(prev text, seq bigint, e audit_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(E'\x1f', coalesce(prev, ''), e.tenant_id::text, seq::text, e.id::text,
    extract(epoch FROM e.occurred_at)::text, e.actor_kind, coalesce(e.actor_id::text, ''), e.actor_name, e.action, e.target_type,
    coalesce(e.target_id, ''), e.data::text, coalesce(e.ip, '')), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_audit_hash(text, bigint, audit_log) TO saraban_app;
--> statement-breakpoint
-- Seals up to `batch` of the agency's committed entries not yet in its chain, in id order after
-- the chain's head, looking from `after` (the last id sealed by the caller's previous batch of
-- the same pass) or else from the agency's low mark. Returns how many it sealed and the last id.
-- One sealer per agency at a time (an advisory lock of the transaction).
-- It reads only the entries above the low mark, each looked up in the chain by its id (a probe
-- of the unique index, whatever the planner's statistics say of a fast-growing chain), and its
-- statements are planned for the values of each call.
CREATE FUNCTION app_seal_audit(tenant uuid, batch int, after bigint DEFAULT 0, OUT sealed int, OUT last_id bigint) LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  st audit_chain_state;
  ended boolean;
  last_seq bigint;
  last_hash text;
  r audit_log;
  seqs bigint[] := '{}';
  ids bigint[] := '{}';
  hashes text[] := '{}';
  fresh_low bigint;
  running text[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit-chain:' || tenant::text, 0));
  INSERT INTO audit_chain_state (tenant_id) VALUES (tenant) ON CONFLICT DO NOTHING;
  SELECT * INTO st FROM audit_chain_state s WHERE s.tenant_id = tenant;
  -- Asked before the entries are read: if every transaction running at the last reading has
  -- ended, every entry at or below `next_low` that will ever commit is visible to the reads below.
  ended := st.next_low IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM pg_locks l WHERE l.locktype = 'virtualxid' AND l.virtualtransaction = ANY (st.waiting_for));
  SELECT c.seq, c.hash INTO last_seq, last_hash FROM audit_chain c WHERE c.tenant_id = tenant ORDER BY c.seq DESC LIMIT 1;
  last_seq := coalesce(last_seq, 0);
  last_id := after;
  FOR r IN SELECT * FROM audit_log a WHERE a.tenant_id = tenant AND a.id > greatest(st.low_id, after)
      AND (SELECT c.seq FROM audit_chain c WHERE c.tenant_id = a.tenant_id AND c.entry_id = a.id) IS NULL
      ORDER BY a.id LIMIT batch LOOP
    last_seq := last_seq + 1;
    last_hash := app_audit_hash(last_hash, last_seq, r);
    seqs := array_append(seqs, last_seq);
    ids := array_append(ids, r.id);
    hashes := array_append(hashes, last_hash);
    last_id := r.id;
  END LOOP;
  INSERT INTO audit_chain (tenant_id, seq, entry_id, hash) SELECT tenant, u.seq, u.id, u.h FROM unnest(seqs, ids, hashes) AS u(seq, id, h);
  sealed := coalesce(array_length(ids, 1), 0);
  IF sealed > 0 THEN
    UPDATE audit_chain_state s SET top_id = greatest(s.top_id, (SELECT max(u) FROM unnest(ids) u)) WHERE s.tenant_id = tenant;
  END IF;
  IF st.next_low IS NULL OR (ended AND NOT EXISTS (
      SELECT 1 FROM audit_log a WHERE a.tenant_id = tenant AND a.id > st.low_id AND a.id <= st.next_low
        AND (SELECT c.seq FROM audit_chain c WHERE c.tenant_id = a.tenant_id AND c.entry_id = a.id) IS NULL)) THEN
    -- The low mark moves up, and the next one is read: the identity value first, then who is
    -- running (any transaction that took an id up to that value is running then, or has ended).
    fresh_low := coalesce(pg_sequence_last_value('audit_log_id_seq'), 0);
    SELECT coalesce(array_agg(l.virtualtransaction), '{}') INTO running FROM pg_locks l
      WHERE l.locktype = 'virtualxid' AND l.mode = 'ExclusiveLock' AND l.granted AND l.pid IS DISTINCT FROM pg_backend_pid();
    UPDATE audit_chain_state s SET low_id = greatest(s.low_id, coalesce(st.next_low, s.low_id)), next_low = fresh_low, waiting_for = running
      WHERE s.tenant_id = tenant;
  END IF;
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_seal_audit(uuid, int, bigint) TO saraban_app;
--> statement-breakpoint
-- Verifies an agency's chain (server/audit/audit-chain.ts): its length and head, and its first
-- break, if any — by place in the chain, or for an entry outside it by its id. Every hash is
-- recomputed from the entry's content and the hash of the place before. It reads the whole chain
-- and the whole log of the agency, so it joins them by hashing, never entry by entry.
CREATE FUNCTION app_verify_audit_chain(tenant uuid, grace_seconds int,
  OUT entries bigint, OUT head_seq bigint, OUT head_hash text, OUT place bigint, OUT entry_id bigint, OUT reason text)
LANGUAGE plpgsql STABLE SET enable_nestloop = off SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  SELECT count(*), max(c.seq) INTO entries, head_seq FROM audit_chain c WHERE c.tenant_id = tenant;
  SELECT c.hash INTO head_hash FROM audit_chain c WHERE c.tenant_id = tenant ORDER BY c.seq DESC LIMIT 1;
  WITH chain AS (
    SELECT c.seq, c.entry_id AS id, c.hash, a.id AS found,
      app_audit_hash(lag(c.hash) OVER (ORDER BY c.seq), c.seq, a) AS computed, lag(c.seq) OVER (ORDER BY c.seq) AS seq_before
    FROM audit_chain c LEFT JOIN audit_log a ON a.tenant_id = c.tenant_id AND a.id = c.entry_id
    WHERE c.tenant_id = tenant)
  SELECT CASE WHEN k.found IS NOT NULL AND k.seq <> coalesce(k.seq_before, 0) + 1 THEN coalesce(k.seq_before, 0) + 1 ELSE k.seq END,
    k.id, CASE WHEN k.found IS NULL THEN 'missing' WHEN k.seq <> coalesce(k.seq_before, 0) + 1 THEN 'gap' ELSE 'hash' END
  INTO place, entry_id, reason
  FROM chain k
  WHERE k.found IS NULL OR k.computed IS DISTINCT FROM k.hash OR k.seq <> coalesce(k.seq_before, 0) + 1
  ORDER BY k.seq LIMIT 1;
  IF reason IS NOT NULL THEN
    RETURN;
  END IF;
  -- An entry outside the chain: below the low mark (all of those are sealed), or waiting too long.
  SELECT a.id, 'orphan' INTO entry_id, reason FROM audit_log a
  WHERE a.tenant_id = tenant
    AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.tenant_id = tenant AND c.entry_id = a.id)
    AND (a.id <= coalesce((SELECT s.low_id FROM audit_chain_state s WHERE s.tenant_id = tenant), 0)
      OR a.occurred_at < now() - make_interval(secs => grace_seconds))
  ORDER BY a.id LIMIT 1;
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_verify_audit_chain(uuid, int) TO saraban_app;
