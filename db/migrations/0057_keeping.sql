-- Keeping letters for their lawful time (docs/decisions.md, "Keeping and disposal"): every letter of
-- record has a retention class and the day its keeping ends, set by the agency's rules when it is
-- recorded (an incoming letter) or registered (either), changed by the registry with a reason; a
-- legal hold stops it from leaving; the yearly disposal list is prepared from the days that have
-- passed, decided item by item by a committee, reviewed by the National Archives, and only then
-- destroyed: the content goes, the register line and the list stay.
CREATE FUNCTION app_keep_until(kept_from date, cls text) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE cls
    WHEN 'routine' THEN make_date(extract(year FROM kept_from)::int + 1, 12, 31)
    WHEN 'financial' THEN make_date(extract(year FROM kept_from)::int + 5, 12, 31)
    WHEN 'standard' THEN make_date(extract(year FROM kept_from)::int + 10, 12, 31)
  END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_keep_until(date, text) TO saraban_app;
--> statement-breakpoint
-- The agency's rules: the first that matches (by position) gives the class; a rule's empty parts match anything.
CREATE TABLE "retention_rules" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL,
	"position" integer NOT NULL,
	"retention_class" text NOT NULL CHECK ("retention_class" IN ('routine', 'financial', 'standard', 'permanent', 'secret', 'legal')),
	"direction" text CHECK ("direction" IN ('incoming', 'outgoing')),
	"letter_kind" text,
	"register_kind" text,
	"unit_id" uuid,
	"keywords" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_rules_pkey" PRIMARY KEY ("tenant_id", "id"),
	FOREIGN KEY ("tenant_id", "unit_id") REFERENCES "units"("tenant_id", "id")
);
--> statement-breakpoint
CREATE INDEX "retention_rules_position_idx" ON "retention_rules" ("tenant_id", "position");
--> statement-breakpoint
ALTER TABLE retention_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE retention_rules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY retention_rules_tenant ON retention_rules TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON retention_rules TO saraban_app;
--> statement-breakpoint
CREATE TABLE "letter_keeping" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"letter_id" uuid NOT NULL,
	"direction" text NOT NULL CHECK ("direction" IN ('incoming', 'outgoing')),
	-- The day its keeping is counted from: the day it was received, or registered when sent.
	"kept_from" date NOT NULL,
	"retention_class" text NOT NULL CHECK ("retention_class" IN ('routine', 'financial', 'standard', 'permanent', 'secret', 'legal')),
	-- The last day it must be kept; none for classes with no end the system counts.
	"keep_until" date,
	"kept_by" text NOT NULL CHECK ("kept_by" IN ('default', 'rule', 'person', 'committee', 'import')),
	"rule_id" uuid,
	"held_at" timestamp with time zone,
	"held_reason" text CHECK (length(held_reason) <= 1000),
	"held_by_name" text,
	-- The disposal list it is on while that list is open.
	"disposal_list_id" uuid,
	"destroyed_at" timestamp with time zone,
	"destroyed_list_id" uuid,
	CONSTRAINT "letter_keeping_pkey" PRIMARY KEY ("tenant_id", "letter_id"),
	CHECK ((held_at IS NULL) = (held_reason IS NULL))
);
--> statement-breakpoint
-- The letters whose keeping has ended and that are on no list: what the yearly list is prepared from.
CREATE INDEX "letter_keeping_due_idx" ON "letter_keeping" ("tenant_id", "keep_until")
  WHERE keep_until IS NOT NULL AND destroyed_at IS NULL AND disposal_list_id IS NULL;
--> statement-breakpoint
CREATE INDEX "letter_keeping_held_idx" ON "letter_keeping" ("tenant_id", "held_at") WHERE held_at IS NOT NULL;
--> statement-breakpoint
-- Permanent letters by age, for the transfer to the National Archives.
CREATE INDEX "letter_keeping_permanent_idx" ON "letter_keeping" ("tenant_id", "kept_from") WHERE retention_class = 'permanent' AND destroyed_at IS NULL;
--> statement-breakpoint
ALTER TABLE letter_keeping ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE letter_keeping FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY letter_keeping_tenant ON letter_keeping TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT ON letter_keeping TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (retention_class, keep_until, kept_by, rule_id, held_at, held_reason, held_by_name, disposal_list_id) ON letter_keeping TO saraban_app;
--> statement-breakpoint
-- A destroyed letter's keeping never changes again (destroyed_at is written by app_destroy_letter alone).
CREATE FUNCTION letter_keeping_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.destroyed_at IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:letter_destroyed';
  END IF;
  -- A held letter keeps its class: it cannot be made due by a change of class.
  IF OLD.held_at IS NOT NULL AND NEW.held_at IS NOT NULL
     AND (NEW.retention_class IS DISTINCT FROM OLD.retention_class OR NEW.keep_until IS DISTINCT FROM OLD.keep_until OR (NEW.disposal_list_id IS NOT NULL AND NEW.disposal_list_id IS DISTINCT FROM OLD.disposal_list_id)) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:letter_held';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER letter_keeping_guard BEFORE UPDATE ON letter_keeping FOR EACH ROW EXECUTE FUNCTION letter_keeping_guard();
--> statement-breakpoint
-- The class the agency's rules give a letter (the first match by position), or the default:
-- a classified letter is kept as the secrets regulation says, any other 10 years.
CREATE FUNCTION app_retention_for(p_tenant uuid, p_direction text, p_letter_kind text, p_register_kind text, p_unit uuid, p_subject text, p_secrecy text,
  OUT cls text, OUT rule uuid) LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF p_secrecy IS DISTINCT FROM 'normal' THEN
    cls := 'secret'; rule := NULL; RETURN;
  END IF;
  SELECT r.retention_class, r.id INTO cls, rule FROM retention_rules r
  WHERE r.tenant_id = p_tenant
    AND (r.direction IS NULL OR r.direction = p_direction)
    AND (r.letter_kind IS NULL OR r.letter_kind = p_letter_kind)
    AND (r.register_kind IS NULL OR r.register_kind = p_register_kind)
    AND (r.unit_id IS NULL OR r.unit_id = p_unit)
    AND (cardinality(r.keywords) = 0 OR EXISTS (SELECT 1 FROM unnest(r.keywords) k WHERE strpos(coalesce(p_subject, ''), k) > 0))
  ORDER BY r.position LIMIT 1;
  IF cls IS NULL THEN cls := 'standard'; END IF;
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_retention_for(uuid, text, text, text, uuid, text, text) TO saraban_app;
--> statement-breakpoint
-- Recording an incoming letter gives it its keeping (an import names its own class afterwards).
CREATE FUNCTION letters_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  from_day date := (NEW.received_at AT TIME ZONE 'Asia/Bangkok')::date;
BEGIN
  SELECT * INTO r FROM app_retention_for(NEW.tenant_id, 'incoming', NULL, NULL, NEW.unit_id, NEW.subject, NEW.secrecy);
  INSERT INTO letter_keeping (tenant_id, letter_id, direction, kept_from, retention_class, keep_until, kept_by, rule_id)
  VALUES (NEW.tenant_id, NEW.id, 'incoming', from_day, r.cls, app_keep_until(from_day, r.cls), CASE WHEN r.rule IS NULL THEN 'default' ELSE 'rule' END, r.rule)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER letters_keep AFTER INSERT ON letters FOR EACH ROW EXECUTE FUNCTION letters_keep();
--> statement-breakpoint
-- Registering it applies the rules again with its register (unless a person or the committee chose its class).
CREATE FUNCTION register_entries_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  l record;
BEGIN
  SELECT le.unit_id, le.subject, le.secrecy, g.kind INTO l FROM letters le, registers g
  WHERE le.tenant_id = NEW.tenant_id AND le.id = NEW.letter_id AND g.tenant_id = NEW.tenant_id AND g.id = NEW.register_id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT * INTO r FROM app_retention_for(NEW.tenant_id, 'incoming', NULL, l.kind, l.unit_id, l.subject, l.secrecy);
  UPDATE letter_keeping k SET retention_class = r.cls, keep_until = app_keep_until(k.kept_from, r.cls),
    kept_by = CASE WHEN r.rule IS NULL THEN 'default' ELSE 'rule' END, rule_id = r.rule
  WHERE k.tenant_id = NEW.tenant_id AND k.letter_id = NEW.letter_id AND k.kept_by IN ('default', 'rule') AND k.held_at IS NULL
    AND k.destroyed_at IS NULL AND k.disposal_list_id IS NULL AND (k.retention_class, k.rule_id) IS DISTINCT FROM (r.cls, r.rule);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER register_entries_keep AFTER INSERT ON register_entries FOR EACH ROW EXECUTE FUNCTION register_entries_keep();
--> statement-breakpoint
-- A letter the agency sends is a letter of record from its registration in the send register.
CREATE FUNCTION send_register_entries_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  o record;
  from_day date := (NEW.registered_at AT TIME ZONE 'Asia/Bangkok')::date;
BEGIN
  SELECT ol.unit_id, ol.subject, ol.secrecy, ol.kind, g.kind AS register_kind INTO o FROM outgoing_letters ol, registers g
  WHERE ol.tenant_id = NEW.tenant_id AND ol.id = NEW.outgoing_letter_id AND g.tenant_id = NEW.tenant_id AND g.id = NEW.register_id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT * INTO r FROM app_retention_for(NEW.tenant_id, 'outgoing', o.kind, o.register_kind, o.unit_id, o.subject, o.secrecy);
  INSERT INTO letter_keeping (tenant_id, letter_id, direction, kept_from, retention_class, keep_until, kept_by, rule_id)
  VALUES (NEW.tenant_id, NEW.outgoing_letter_id, 'outgoing', from_day, r.cls, app_keep_until(from_day, r.cls), CASE WHEN r.rule IS NULL THEN 'default' ELSE 'rule' END, r.rule)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER send_register_entries_keep AFTER INSERT ON send_register_entries FOR EACH ROW EXECUTE FUNCTION send_register_entries_keep();
--> statement-breakpoint
-- The letters recorded before keeping existed: kept 10 years from the day they came (or a
-- classified one as the secrets regulation says), as if no rule matched.
INSERT INTO letter_keeping (tenant_id, letter_id, direction, kept_from, retention_class, keep_until, kept_by)
SELECT l.tenant_id, l.id, 'incoming', d.day, c.cls, app_keep_until(d.day, c.cls), 'default'
FROM letters l,
  LATERAL (SELECT (l.received_at AT TIME ZONE 'Asia/Bangkok')::date AS day) d,
  LATERAL (SELECT CASE WHEN l.secrecy = 'normal' THEN 'standard' ELSE 'secret' END AS cls) c
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO letter_keeping (tenant_id, letter_id, direction, kept_from, retention_class, keep_until, kept_by)
SELECT o.tenant_id, o.id, 'outgoing', d.day, c.cls, app_keep_until(d.day, c.cls), 'default'
FROM send_register_entries s JOIN outgoing_letters o ON o.tenant_id = s.tenant_id AND o.id = s.outgoing_letter_id,
  LATERAL (SELECT (s.registered_at AT TIME ZONE 'Asia/Bangkok')::date AS day) d,
  LATERAL (SELECT CASE WHEN o.secrecy = 'normal' THEN 'standard' ELSE 'secret' END AS cls) c
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- A held letter's details are not corrected, nor is its registration cancelled, until the hold is lifted.
CREATE FUNCTION app_refuse_if_held() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  letter uuid;
BEGIN
  IF TG_TABLE_NAME = 'letters' THEN letter := OLD.id; ELSE letter := OLD.letter_id; END IF;
  IF EXISTS (SELECT 1 FROM letter_keeping k WHERE k.tenant_id = OLD.tenant_id AND k.letter_id = letter AND k.held_at IS NOT NULL) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:letter_held';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER letters_held BEFORE UPDATE OF document_number, letter_date, from_text, to_text, subject, remarks, sealed_details ON letters
  FOR EACH ROW EXECUTE FUNCTION app_refuse_if_held();
--> statement-breakpoint
CREATE TRIGGER register_entries_held BEFORE UPDATE OF cancelled_at ON register_entries
  FOR EACH ROW EXECUTE FUNCTION app_refuse_if_held();
--> statement-breakpoint
-- The yearly disposal list (บัญชีหนังสือขอทำลาย) of one agency for one calendar year (Christian era).
CREATE TABLE "disposal_lists" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL,
	"year" integer NOT NULL,
	"state" text DEFAULT 'prepared' NOT NULL CHECK ("state" IN ('prepared', 'appointed', 'decided', 'submitted', 'reviewed', 'destroying', 'done')),
	"item_count" integer NOT NULL,
	"decided_count" integer DEFAULT 0 NOT NULL,
	"destroyed_count" integer DEFAULT 0 NOT NULL,
	"prepared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"prepared_by_name" text NOT NULL,
	"appointed_at" timestamp with time zone,
	"appointed_by_name" text,
	"decided_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"submitted_by_name" text,
	-- The National Archives' answer: its letter's number and date, and what it asked to keep.
	"review_reference" text CHECK (length(review_reference) <= 200),
	"review_date" date,
	"review_note" text CHECK (length(review_note) <= 2000),
	"reviewed_at" timestamp with time zone,
	"reviewed_by_name" text,
	"destroy_started_at" timestamp with time zone,
	"destroy_started_by_name" text,
	"done_at" timestamp with time zone,
	-- The list as a PDF and a workbook, remade at each step (the list itself is kept).
	"document_version" integer DEFAULT 0 NOT NULL,
	"documents" jsonb,
	"document_of_version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "disposal_lists_pkey" PRIMARY KEY ("tenant_id", "id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "disposal_lists_year_key" ON "disposal_lists" ("tenant_id", "year");
--> statement-breakpoint
CREATE TABLE "disposal_committee" (
	"tenant_id" uuid NOT NULL,
	"list_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL CHECK ("role" IN ('chair', 'member')),
	"name" text NOT NULL,
	"position" text NOT NULL,
	CONSTRAINT "disposal_committee_pkey" PRIMARY KEY ("tenant_id", "list_id", "user_id"),
	FOREIGN KEY ("tenant_id", "list_id") REFERENCES "disposal_lists"("tenant_id", "id"),
	FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id")
);
--> statement-breakpoint
CREATE INDEX "disposal_committee_person_idx" ON "disposal_committee" ("tenant_id", "user_id");
--> statement-breakpoint
CREATE TABLE "disposal_items" (
	"tenant_id" uuid NOT NULL,
	"list_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"letter_id" uuid NOT NULL,
	"direction" text NOT NULL,
	-- What the list shows of the letter, as it was when the list was prepared (the list outlives the letter's content).
	"document_number" text NOT NULL,
	"letter_date" text NOT NULL,
	"subject" text NOT NULL,
	"register_line" text NOT NULL,
	"retention_class" text NOT NULL,
	"keep_until" date NOT NULL,
	"decision" text CHECK ("decision" IN ('destroy', 'keep')),
	"keep_until_new" date,
	"reason" text CHECK (length(reason) <= 1000),
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	-- The National Archives asked for it to be kept.
	"archives_keep" boolean DEFAULT false NOT NULL,
	"destroyed_at" timestamp with time zone,
	-- Why it was not destroyed when the list was (held, or being acted on again).
	"skipped_reason" text,
	CONSTRAINT "disposal_items_pkey" PRIMARY KEY ("tenant_id", "list_id", "line"),
	FOREIGN KEY ("tenant_id", "list_id") REFERENCES "disposal_lists"("tenant_id", "id"),
	CHECK (decision IS DISTINCT FROM 'keep' OR (keep_until_new IS NOT NULL AND reason IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX "disposal_items_letter_idx" ON "disposal_items" ("tenant_id", "letter_id");
--> statement-breakpoint
CREATE INDEX "disposal_items_undecided_idx" ON "disposal_items" ("tenant_id", "list_id", "line") WHERE decision IS NULL;
--> statement-breakpoint
ALTER TABLE disposal_lists ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE disposal_lists FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE disposal_committee ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE disposal_committee FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE disposal_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE disposal_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY disposal_lists_tenant ON disposal_lists TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
CREATE POLICY disposal_committee_tenant ON disposal_committee TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
CREATE POLICY disposal_items_tenant ON disposal_items TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON disposal_lists TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON disposal_committee TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON disposal_items TO saraban_app;
--> statement-breakpoint
GRANT UPDATE (decision, keep_until_new, reason, decided_by_name, decided_at, archives_keep, skipped_reason) ON disposal_items TO saraban_app;
--> statement-breakpoint
-- Objects of destroyed letters still to be removed from the store (after the destruction has committed).
CREATE TABLE "object_removals" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"object_key" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "object_removals_pkey" PRIMARY KEY ("tenant_id", "object_key")
);
--> statement-breakpoint
ALTER TABLE object_removals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE object_removals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY object_removals_tenant ON object_removals TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant()) AND (SELECT app_is_system()))
  WITH CHECK (tenant_id = (SELECT app_current_tenant()) AND (SELECT app_is_system()));
--> statement-breakpoint
GRANT SELECT, DELETE ON object_removals TO saraban_app;
--> statement-breakpoint
-- Which rows name a shared signed file, in any agency (checked before it is removed): an agency's
-- own object is never shared, a shared one is in use while any agency's row names it.
CREATE INDEX "letter_files_shared_idx" ON "letter_files" ("object_key") WHERE object_key LIKE 'shared/%';
--> statement-breakpoint
CREATE INDEX "outgoing_files_shared_idx" ON "outgoing_files" ("object_key") WHERE object_key LIKE 'shared/%';
--> statement-breakpoint
CREATE FUNCTION app_shared_object_in_use(key text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT key LIKE 'shared/%' AND (
       EXISTS (SELECT 1 FROM letter_files f WHERE f.object_key LIKE 'shared/%' AND f.object_key = key)
    OR EXISTS (SELECT 1 FROM outgoing_files f WHERE f.object_key LIKE 'shared/%' AND f.object_key = key))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_shared_object_in_use(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_shared_object_in_use(text) TO saraban_app;
--> statement-breakpoint
-- A destroyed outgoing letter's files go with it (otherwise a signed letter's files never change).
CREATE OR REPLACE FUNCTION outgoing_files_signed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row outgoing_files := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
    SELECT 1 FROM letter_keeping k WHERE k.tenant_id = row.tenant_id AND k.letter_id = row.letter_id AND k.destroyed_at IS NOT NULL) THEN
    RETURN OLD;
  END IF;
  IF (TG_OP = 'DELETE' OR row.kind = 'attachment') AND EXISTS (
    SELECT 1 FROM outgoing_letters o WHERE o.tenant_id = row.tenant_id AND o.id = row.letter_id AND o.signed_at IS NOT NULL) THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:signed_letter_locked';
  END IF;
  IF TG_OP = 'DELETE' AND row.kind <> 'attachment' THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:signed_letter_locked';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
-- Destroys one letter of a reviewed list as decided: its files (queued for removal from the
-- store), the texts read from them, its search entry, a classified letter's wrapped keys, an
-- outgoing letter's text and comments. Its row, register line and the list stay. Refused, and
-- nothing changes, unless the letter is on this list, decided "destroy", the list reviewed and
-- being destroyed, the letter not held, not permanent and not being acted on. Only the agency's
-- background work (system scope) calls it. Returns what happened: destroyed, or why not.
CREATE FUNCTION app_destroy_letter(p_list uuid, p_line integer) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  tenant uuid := app_current_tenant();
  item disposal_items;
  k letter_keeping;
  list_state text;
BEGIN
  IF tenant IS NULL OR NOT app_is_system() THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:forbidden';
  END IF;
  SELECT * INTO item FROM disposal_items WHERE tenant_id = tenant AND list_id = p_list AND line = p_line FOR UPDATE;
  SELECT state INTO list_state FROM disposal_lists WHERE tenant_id = tenant AND id = p_list;
  IF item IS NULL OR list_state IS DISTINCT FROM 'destroying' THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:disposal_not_reviewed';
  END IF;
  IF item.destroyed_at IS NOT NULL THEN RETURN 'destroyed'; END IF;
  IF item.decision IS DISTINCT FROM 'destroy' OR item.archives_keep THEN RETURN 'kept'; END IF;
  SELECT * INTO k FROM letter_keeping WHERE tenant_id = tenant AND letter_id = item.letter_id FOR UPDATE;
  IF k IS NULL OR k.destroyed_at IS NOT NULL THEN RETURN 'destroyed'; END IF;
  IF k.held_at IS NOT NULL THEN RETURN 'held'; END IF;
  IF k.retention_class IN ('permanent', 'secret', 'legal') OR k.disposal_list_id IS DISTINCT FROM p_list THEN RETURN 'kept'; END IF;
  IF k.direction = 'incoming' AND (
       EXISTS (SELECT 1 FROM waiting_letters w WHERE w.tenant_id = tenant AND w.letter_id = k.letter_id)
    OR EXISTS (SELECT 1 FROM letter_assignments a WHERE a.tenant_id = tenant AND a.letter_id = k.letter_id AND a.closed_at IS NULL)) THEN
    RETURN 'in_use';
  END IF;
  IF k.direction = 'outgoing' AND EXISTS (
    SELECT 1 FROM outgoing_letters o WHERE o.tenant_id = tenant AND o.id = k.letter_id AND o.state NOT IN ('sent', 'paper', 'cancelled')) THEN
    RETURN 'in_use';
  END IF;

  UPDATE letter_keeping SET destroyed_at = now(), destroyed_list_id = p_list, disposal_list_id = NULL
  WHERE tenant_id = tenant AND letter_id = k.letter_id;
  UPDATE disposal_items SET destroyed_at = now() WHERE tenant_id = tenant AND list_id = p_list AND line = p_line;

  IF k.direction = 'incoming' THEN
    INSERT INTO object_removals (tenant_id, object_key)
      SELECT tenant, f.object_key FROM letter_files f WHERE f.tenant_id = tenant AND f.letter_id = k.letter_id ON CONFLICT DO NOTHING;
    DELETE FROM letter_texts WHERE tenant_id = tenant AND letter_id = k.letter_id;
    DELETE FROM letter_files WHERE tenant_id = tenant AND letter_id = k.letter_id;
  ELSE
    INSERT INTO object_removals (tenant_id, object_key)
      SELECT tenant, f.object_key FROM outgoing_files f WHERE f.tenant_id = tenant AND f.letter_id = k.letter_id ON CONFLICT DO NOTHING;
    DELETE FROM outgoing_files WHERE tenant_id = tenant AND letter_id = k.letter_id;
    DELETE FROM draft_comments WHERE tenant_id = tenant AND letter_id = k.letter_id;
    -- What the letter said goes; its subject, addressee, signer and recipients stay with its register line.
    UPDATE outgoing_versions SET content = content || '{"body": [], "references": [], "enclosures": [], "copies": [], "extra": {}}'::jsonb,
      sealed_content = NULL, note = ''
    WHERE tenant_id = tenant AND letter_id = k.letter_id;
  END IF;
  DELETE FROM letter_keys WHERE tenant_id = tenant AND letter_id = k.letter_id;
  DELETE FROM letter_search WHERE tenant_id = tenant AND letter_id = k.letter_id;
  DELETE FROM search_pending WHERE tenant_id = tenant AND letter_id = k.letter_id;
  RETURN 'destroyed';
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_destroy_letter(uuid, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_destroy_letter(uuid, integer) TO saraban_app;
--> statement-breakpoint
-- What a notification is about when it is a disposal list (prepared, its committee appointed).
ALTER TABLE notifications ADD COLUMN "disposal_list_id" uuid;
