-- Search over a big agency (docs/decisions.md, "Search", and docs/benchmarks.md, `search`).
--
-- One word index with every searched column (the agency, the words, the title, the sender and
-- recipient, the numbers): a word and a sender, or a word and a title, are intersected inside the
-- index, skipping through the longer list, instead of two whole lists read and combined.
CREATE INDEX IF NOT EXISTS "letter_search_match_idx" ON "letter_search" USING gin ("tenant_id", "words", "title", "party_words", "numbers");
--> statement-breakpoint
DROP INDEX "letter_search_words_idx";
--> statement-breakpoint
DROP INDEX "letter_search_title_idx";
--> statement-breakpoint
DROP INDEX "letter_search_party_idx";
--> statement-breakpoint
DROP INDEX "letter_search_numbers_idx";
--> statement-breakpoint
-- Urgent and classified letters by date: the questions "urgent letters of this month" and "secret
-- letters of this year" read those letters alone, not every letter of the month.
CREATE INDEX IF NOT EXISTS "letter_search_urgent_idx" ON "letter_search" ("tenant_id", "urgency", "letter_date") WHERE urgency <> 'normal';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "letter_search_secret_idx" ON "letter_search" ("tenant_id", "secrecy", "letter_date") WHERE secrecy <> 'normal';
--> statement-breakpoint
-- A page of a search, as in 0049, with two changes. A match in the title (tier 1) is asked as that
-- alone: the title's words are words of the letter too, and asking both made the planner multiply
-- their chances, expect a handful of letters, and read thousands back to sort them. And memory
-- enough that the list of a common word's letters stays exact (a lossy list made every letter on a
-- page be read back and its words checked again).
CREATE OR REPLACE FUNCTION app_search_letters(q tsquery, title_q tsquery, number_key text, filters jsonb, sort text,
                                              after_tier int, after_date date, after_id uuid, page_size int)
RETURNS TABLE (letter_id uuid, tier int, letter_date date)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET work_mem = '64MB' AS $$
DECLARE
  base text := app_search_where(q, filters);
  -- The same without the words: for the title tier, whose condition implies them.
  base_of_title text := app_search_where(NULL, filters);
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
      WHEN 0 THEN base || format(' AND numbers @> ARRAY[%L]', number_key)
      WHEN 1 THEN base_of_title || coalesce(format(' AND NOT numbers @> ARRAY[%L]', number_key), '') || format(' AND title @@ %L::tsquery', title_q)
      WHEN 2 THEN base || coalesce(format(' AND NOT numbers @> ARRAY[%L]', number_key), '') || format(' AND NOT title @@ %L::tsquery', title_q)
      ELSE base END;
    keyset := CASE WHEN after_id IS NOT NULL AND (t = -1 OR t = after_tier)
      THEN format(' AND (letter_date, letter_id) %s (%L::date, %L::uuid)', cmp, after_date, after_id) ELSE '' END;
    RETURN QUERY EXECUTE format('SELECT s.letter_id, %s, s.letter_date FROM letter_search s WHERE %s%s ORDER BY s.letter_date %s, s.letter_id %s LIMIT %s',
      greatest(t, 0), cond, keyset, ord, ord, left_over);
    GET DIAGNOSTICS n = ROW_COUNT;
    left_over := left_over - n;
    EXIT WHEN left_over <= 0;
  END LOOP;
END $$;
--> statement-breakpoint
-- How many letters a search finds: exact up to `cap`, beyond it the planner's estimate (exact = false).
-- A search the planner expects to find more than three times `cap` is not counted: proving that a
-- common word's letters number more than `cap` meant reading `cap` of them (half a second in a
-- million letters). Below that, the count is read through the word index alone (bitmaps: a LIMIT
-- made the planner read the table in order, and, for a small agency, every other agency's rows).
-- Volatile only because EXPLAIN may not run in a stable function; it changes nothing.
CREATE OR REPLACE FUNCTION app_search_count(q tsquery, filters jsonb, cap int, OUT total bigint, OUT exact boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET work_mem = '64MB' SET enable_seqscan = off SET enable_indexscan = off AS $$
DECLARE
  base text := app_search_where(q, filters);
  plan json;
  expected bigint;
BEGIN
  EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM letter_search WHERE %s', base) INTO plan;
  expected := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
  IF expected > 3 * cap THEN
    total := expected;
    exact := false;
    RETURN;
  END IF;
  EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM letter_search WHERE %s LIMIT %s) found', base, cap + 1) INTO total;
  exact := total <= cap;
  IF NOT exact THEN
    total := greatest(cap + 1, expected);
  END IF;
END $$;
