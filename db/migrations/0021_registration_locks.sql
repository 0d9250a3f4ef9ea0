ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "register_entries" DROP CONSTRAINT "register_entries_tenant_id_register_id_registers_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "register_entries" ADD CONSTRAINT "register_entries_counter_fk" FOREIGN KEY ("tenant_id","register_id","year") REFERENCES "public"."register_counters"("tenant_id","register_id","year") ON DELETE no action ON UPDATE no action;