-- The last verification of each agency's audit chain (run in the background: daily, or when its
-- admin asks), which the admin's audit page shows.
CREATE TABLE "audit_chain_checks" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entries" bigint NOT NULL,
	"head_seq" bigint,
	"head_hash" text,
	"published_seq" bigint,
	"broken_seq" bigint,
	"broken_reason" text,
	CONSTRAINT "audit_chain_checks_pkey" PRIMARY KEY ("tenant_id")
);
--> statement-breakpoint
ALTER TABLE audit_chain_checks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_chain_checks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_chain_checks_tenant ON audit_chain_checks TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON audit_chain_checks TO saraban_app;
