-- A statement that finds nothing to do can refuse with a key the server maps to a message
-- (raising aborts the transaction, so whatever it did earlier rolls back).
CREATE FUNCTION app_refuse(reason text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'refused:' || reason;
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_refuse(text) TO saraban_app;
