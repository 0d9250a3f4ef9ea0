-- Search (docs/decisions.md, "Search"): one row per letter a person may find, its words cut by the
-- app's segmenter (core/search-text.ts) and stored as tsvectors; classified letters keep their
-- numbers, dates and registers only. Rows are rewritten by the indexer (server/search/index-letters.ts)
-- from the letters marked in search_pending by the triggers below, so no way of changing a letter
-- can forget to mark it.
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
CREATE TABLE "letter_search" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"letter_id" uuid NOT NULL,
	"direction" text NOT NULL CHECK (direction IN ('in', 'out')),
	"kind" text,
	"unit_id" uuid NOT NULL,
	"secrecy" text NOT NULL,
	"urgency" text NOT NULL,
	"status" text NOT NULL,
	-- Seen by the letter's unit: an incoming letter always, an outgoing one once signed (then also by the central registry).
	"shared" boolean NOT NULL,
	-- Who wrote a draft (an outgoing letter's author sees it from the start).
	"owner_id" uuid,
	-- Units and people it was given to (letter_readers): routing, review and signing.
	"readers" uuid[] NOT NULL DEFAULT '{}',
	"registers" uuid[] NOT NULL DEFAULT '{}',
	-- Document number keys (core/search-text.ts documentNumberKey) and register lines as '#n' and '#n/yyyy' (Buddhist era).
	"numbers" text[] NOT NULL DEFAULT '{}',
	"letter_date" date NOT NULL,
	"document_number" text NOT NULL DEFAULT '',
	"subject" text NOT NULL DEFAULT '',
	"parties" text NOT NULL DEFAULT '',
	-- What a snippet is cut from: the body, the text read from files, endorsements, notes, file names (never for a classified letter).
	"content" text NOT NULL DEFAULT '',
	-- Numbers (A), subject (B), sender and recipient (C) and the content (D).
	"words" tsvector NOT NULL,
	-- Numbers, subject, sender and recipient alone: a match here ranks first. Its own index, so the
	-- planner knows how rare a word is here (a weight test on `words` read most of an agency's
	-- letters back, in date order, for a word common in scans but rare in subjects).
	"title" tsvector NOT NULL,
	-- The sender and recipient alone (the filter "ผู้ส่งหรือผู้รับ": no weight to check row by row).
	"party_words" tsvector NOT NULL,
	"segmenter" text NOT NULL,
	"indexed_at" timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT "letter_search_pkey" PRIMARY KEY ("tenant_id", "letter_id")
);
--> statement-breakpoint
CREATE INDEX "letter_search_date_idx" ON "letter_search" ("tenant_id", "letter_date", "letter_id");
--> statement-breakpoint
-- The agency is a key of every word index (btree_gin): an agency's matches are read without the others'.
CREATE INDEX "letter_search_words_idx" ON "letter_search" USING gin ("tenant_id", "words");
--> statement-breakpoint
CREATE INDEX "letter_search_title_idx" ON "letter_search" USING gin ("tenant_id", "title");
--> statement-breakpoint
CREATE INDEX "letter_search_party_idx" ON "letter_search" USING gin ("tenant_id", "party_words");
--> statement-breakpoint
CREATE INDEX "letter_search_numbers_idx" ON "letter_search" USING gin ("tenant_id", "numbers");
--> statement-breakpoint
ALTER TABLE letter_search ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE letter_search FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The letters' own rule on the copied columns: the agency, the clearance, the unit, the author, whom it was given to.
CREATE POLICY letter_search_tenant ON letter_search TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())
         AND (secrecy = 'normal' OR secrecy_rank(secrecy) <= app_clearance_rank())
         AND ((SELECT app_is_system())
              OR (shared AND (unit_id = ANY ((SELECT app_my_units())::uuid[])
                              OR (direction = 'out' AND (SELECT app_root_unit()) = ANY ((SELECT app_my_units())::uuid[]))))
              OR owner_id = (SELECT app_current_user())
              OR readers && ((SELECT app_my_units())::uuid[] || (SELECT app_current_user()))));
--> statement-breakpoint
GRANT SELECT ON letter_search TO saraban_app;
--> statement-breakpoint
CREATE TABLE "search_pending" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"letter_id" uuid NOT NULL,
	"direction" text NOT NULL CHECK (direction IN ('in', 'out')),
	"queued_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
	CONSTRAINT "search_pending_pkey" PRIMARY KEY ("tenant_id", "letter_id")
);
--> statement-breakpoint
CREATE INDEX "search_pending_queued_idx" ON "search_pending" ("queued_at");
--> statement-breakpoint
ALTER TABLE search_pending ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE search_pending FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY search_pending_tenant ON search_pending TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
-- Read only (how far behind the index is); written by the marking triggers alone.
GRANT SELECT ON search_pending TO saraban_app;
--> statement-breakpoint
-- Marks a letter for the indexer. Runs as the owner: the row that fired it was already admitted
-- by its own table's policy, and only its agency and letter are written.
CREATE FUNCTION app_search_mark() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  letter uuid;
  way text := TG_ARGV[1];
BEGIN
  letter := (to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
  IF way = 'any' THEN
    way := CASE WHEN EXISTS (SELECT 1 FROM outgoing_letters o WHERE o.tenant_id = NEW.tenant_id AND o.id = letter) THEN 'out' ELSE 'in' END;
  END IF;
  INSERT INTO search_pending (tenant_id, letter_id, direction) VALUES (NEW.tenant_id, letter, way)
  ON CONFLICT (tenant_id, letter_id) DO UPDATE SET queued_at = clock_timestamp();
  RETURN NULL;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_search_mark() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER letters_search AFTER INSERT OR UPDATE ON letters FOR EACH ROW EXECUTE FUNCTION app_search_mark('id', 'in');
--> statement-breakpoint
CREATE TRIGGER waiting_letters_search AFTER INSERT ON waiting_letters FOR EACH ROW EXECUTE FUNCTION app_search_mark('letter_id', 'in');
--> statement-breakpoint
CREATE TRIGGER register_entries_search AFTER INSERT OR UPDATE ON register_entries FOR EACH ROW EXECUTE FUNCTION app_search_mark('letter_id', 'in');
--> statement-breakpoint
CREATE TRIGGER letter_files_search AFTER INSERT ON letter_files FOR EACH ROW EXECUTE FUNCTION app_search_mark('letter_id', 'in');
--> statement-breakpoint
CREATE TRIGGER letter_texts_search AFTER INSERT ON letter_texts FOR EACH ROW EXECUTE FUNCTION app_search_mark('letter_id', 'in');
--> statement-breakpoint
CREATE TRIGGER endorsements_search AFTER INSERT ON endorsements FOR EACH ROW EXECUTE FUNCTION app_search_mark('letter_id', 'in');
--> statement-breakpoint
CREATE TRIGGER letter_assignments_search AFTER INSERT OR UPDATE ON letter_assignments FOR EACH ROW EXECUTE FUNCTION app_search_mark('letter_id', 'in');
--> statement-breakpoint
CREATE TRIGGER letter_readers_search AFTER INSERT ON letter_readers FOR EACH ROW EXECUTE FUNCTION app_search_mark('letter_id', 'any');
--> statement-breakpoint
CREATE TRIGGER outgoing_letters_search AFTER INSERT OR UPDATE ON outgoing_letters FOR EACH ROW EXECUTE FUNCTION app_search_mark('id', 'out');
--> statement-breakpoint
CREATE TRIGGER outgoing_versions_search AFTER INSERT ON outgoing_versions FOR EACH ROW EXECUTE FUNCTION app_search_mark('letter_id', 'out');
--> statement-breakpoint
CREATE TRIGGER outgoing_files_search AFTER INSERT ON outgoing_files FOR EACH ROW EXECUTE FUNCTION app_search_mark('letter_id', 'out');
--> statement-breakpoint
CREATE TRIGGER send_register_entries_search AFTER INSERT OR UPDATE ON send_register_entries FOR EACH ROW EXECUTE FUNCTION app_search_mark('outgoing_letter_id', 'out');
--> statement-breakpoint
-- Letters already kept are indexed once by the indexer.
INSERT INTO search_pending (tenant_id, letter_id, direction)
SELECT tenant_id, id, 'in' FROM letters UNION ALL SELECT tenant_id, id, 'out' FROM outgoing_letters;
--> statement-breakpoint
-- The conditions of a search, as SQL over letter_search, with every value quoted: the agency, what
-- the caller may open (the policy above, with the caller's values read once), and the filters.
CREATE FUNCTION app_search_where(q tsquery, filters jsonb) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
  me uuid := app_current_user();
  mine uuid[] := app_my_units();
  w text;
BEGIN
  IF app_current_tenant() IS NULL THEN
    RETURN 'false';
  END IF;
  w := format('tenant_id = %L::uuid AND (secrecy = ''normal'' OR secrecy_rank(secrecy) <= %s)', app_current_tenant(), app_clearance_rank());
  IF NOT app_is_system() THEN
    w := w || format(' AND ((shared AND (unit_id = ANY (%L::uuid[]) OR (direction = ''out'' AND %L::uuid = ANY (%L::uuid[])))) OR owner_id = %L::uuid OR readers && %L::uuid[])',
      mine, app_root_unit(), mine, me, array_append(mine, me));
  END IF;
  IF q IS NOT NULL THEN w := w || format(' AND words @@ %L::tsquery', q); END IF;
  IF filters ? 'kind' THEN w := w || format(' AND kind = %L', filters ->> 'kind'); END IF;
  IF filters ? 'direction' THEN w := w || format(' AND direction = %L', filters ->> 'direction'); END IF;
  IF filters ? 'dateFrom' THEN w := w || format(' AND letter_date >= %L::date', filters ->> 'dateFrom'); END IF;
  IF filters ? 'dateTo' THEN w := w || format(' AND letter_date <= %L::date', filters ->> 'dateTo'); END IF;
  IF filters ? 'number' THEN w := w || format(' AND numbers @> ARRAY[%L]', filters ->> 'number'); END IF;
  IF filters ? 'line' THEN w := w || format(' AND numbers @> ARRAY[%L]', '#' || (filters ->> 'line')); END IF;
  IF filters ? 'party' THEN w := w || format(' AND party_words @@ %L::tsquery', filters ->> 'party'); END IF;
  IF filters ? 'urgency' THEN w := w || format(' AND urgency = %L', filters ->> 'urgency'); END IF;
  IF filters ? 'secrecy' THEN w := w || format(' AND secrecy = %L', filters ->> 'secrecy'); END IF;
  IF filters ? 'status' THEN w := w || format(' AND status = %L', filters ->> 'status'); END IF;
  IF filters ? 'registerId' THEN w := w || format(' AND registers @> ARRAY[%L::uuid]', filters ->> 'registerId'); END IF;
  IF filters ? 'unitId' THEN w := w || format(' AND unit_id = %L::uuid', filters ->> 'unitId'); END IF;
  IF filters ? 'routedTo' THEN w := w || format(' AND readers @> ARRAY[%L::uuid]', filters ->> 'routedTo'); END IF;
  RETURN w;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_search_where(tsquery, jsonb) FROM PUBLIC;
--> statement-breakpoint
-- One page of a search. A word condition (not LEAKPROOF) is not given to an index under row-level
-- security, so this reads as the owner with the agency and the caller's access written into it
-- (app_search_where), and returns ids alone: the caller reads the rows under the policies.
-- Relevance: an exact document number first (tier 0), then a match in number, subject or sender
-- and recipient (1: `title`), then in the content (2); each tier newest first. Pages follow the keyset
-- (tier, letter_date, letter_id) of the last row shown.
CREATE FUNCTION app_search_letters(q tsquery, title_q tsquery, number_key text, filters jsonb, sort text,
                                   after_tier int, after_date date, after_id uuid, page_size int)
RETURNS TABLE (letter_id uuid, tier int, letter_date date)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  base text := app_search_where(q, filters);
  cond text;
  keyset text;
  ord text := CASE WHEN sort = 'oldest' THEN 'ASC' ELSE 'DESC' END;
  cmp text := CASE WHEN sort = 'oldest' THEN '>' ELSE '<' END;
  -- A page of the search page, or the letters of a register's words filter (list-register.ts).
  left_over int := least(greatest(page_size, 1), 5001);
  n int;
  t int;
  first_tier int;
  last_tier int;
BEGIN
  IF sort = 'relevance' AND q IS NOT NULL THEN
    first_tier := CASE WHEN number_key IS NULL THEN greatest(coalesce(after_tier, 1), 1) ELSE coalesce(after_tier, 0) END;
    last_tier := 2;
  ELSE
    first_tier := -1;
    last_tier := -1;
  END IF;
  FOR t IN first_tier..last_tier LOOP
    cond := CASE t
      WHEN 0 THEN format(' AND numbers @> ARRAY[%L]', number_key)
      WHEN 1 THEN coalesce(format(' AND NOT numbers @> ARRAY[%L]', number_key), '') || format(' AND title @@ %L::tsquery', title_q)
      WHEN 2 THEN coalesce(format(' AND NOT numbers @> ARRAY[%L]', number_key), '') || format(' AND NOT title @@ %L::tsquery', title_q)
      ELSE '' END;
    keyset := CASE WHEN after_id IS NOT NULL AND (t = -1 OR t = after_tier)
      THEN format(' AND (letter_date, letter_id) %s (%L::date, %L::uuid)', cmp, after_date, after_id) ELSE '' END;
    RETURN QUERY EXECUTE format('SELECT s.letter_id, %s, s.letter_date FROM letter_search s WHERE %s%s%s ORDER BY s.letter_date %s, s.letter_id %s LIMIT %s',
      greatest(t, 0), base, cond, keyset, ord, ord, left_over);
    GET DIAGNOSTICS n = ROW_COUNT;
    left_over := left_over - n;
    EXIT WHEN left_over <= 0;
  END LOOP;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_search_letters(tsquery, tsquery, text, jsonb, text, int, date, uuid, int) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_search_letters(tsquery, tsquery, text, jsonb, text, int, date, uuid, int) TO saraban_app;
--> statement-breakpoint
-- How many letters a search finds: counted up to `cap`, beyond it the planner's estimate (exact = false).
-- Asked first: a count the planner expects to be small is counted whole (through the word index); a
-- count capped by LIMIT made the planner read the table in order, hoping to meet `cap` rows soon,
-- through every other agency's rows when a small agency has fewer.
-- Volatile only because EXPLAIN may not run in a stable function; it changes nothing.
CREATE FUNCTION app_search_count(q tsquery, filters jsonb, cap int, OUT total bigint, OUT exact boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  base text := app_search_where(q, filters);
  plan json;
  expected bigint;
BEGIN
  EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM letter_search WHERE %s', base) INTO plan;
  expected := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
  IF expected <= cap THEN
    EXECUTE format('SELECT count(*) FROM letter_search WHERE %s', base) INTO total;
  ELSE
    EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM letter_search WHERE %s LIMIT %s) found', base, cap + 1) INTO total;
  END IF;
  exact := total <= cap;
  IF NOT exact THEN
    total := greatest(cap + 1, expected);
  END IF;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_search_count(tsquery, jsonb, int) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_search_count(tsquery, jsonb, int) TO saraban_app;
--> statement-breakpoint
-- The registers' words filter reads the search index now: the trigram indexes and their function go.
DROP FUNCTION app_letters_with_words(text, integer);
--> statement-breakpoint
DROP INDEX letters_words_trgm;
--> statement-breakpoint
DROP INDEX letter_texts_words_trgm;
