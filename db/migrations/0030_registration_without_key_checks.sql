ALTER TABLE "register_entries" DROP CONSTRAINT "register_entries_counter_fk";
--> statement-breakpoint
ALTER TABLE "register_entries" DROP CONSTRAINT "register_entries_tenant_id_letter_id_letters_tenant_id_id_fk";
--> statement-breakpoint
-- What those keys checked holds by the roles' rights: counter rows, like letter rows, are
-- never deleted, and only a counter's last number ever changes.
REVOKE UPDATE ON register_counters FROM saraban_app;
--> statement-breakpoint
GRANT UPDATE (last_number) ON register_counters TO saraban_app;
--> statement-breakpoint
-- Why a registration found nothing to claim, raised as its refusal. Called only then, so
-- the registration statement carries no sub-plans for it; it runs as the caller, under
-- row-level security, and reads what is committed now (a letter registered concurrently
-- by someone else is "already registered", not "elsewhere").
CREATE FUNCTION app_refuse_registration(letter uuid) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM letters WHERE tenant_id = app_current_tenant() AND id = letter) THEN
    RETURN app_refuse('not_found');
  ELSIF NOT EXISTS (SELECT 1 FROM waiting_letters WHERE tenant_id = app_current_tenant() AND letter_id = letter) THEN
    RETURN app_refuse('already_registered');
  END IF;
  RETURN app_refuse('not_in_your_unit');
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_refuse_registration(uuid) TO saraban_app;
--> statement-breakpoint
-- The agency's own row, compared with the current tenant computed once per statement (an
-- init plan) rather than once per row: the table is small enough to be read whole, and
-- every transaction's scope statement reads it.
ALTER POLICY tenants_own ON tenants USING (id = (SELECT app_current_tenant())) WITH CHECK (id = (SELECT app_current_tenant()));
