-- An agency's existing archive brought in (docs/decisions.md, "Importing an existing archive"): a
-- register exported from its previous system (CSV or XLSX, its columns mapped on screen) and a ZIP
-- of the letters' files. Each row becomes a letter with its original number, dates and register line
-- (channel 'import'; a send register's as outgoing letters signed on paper), once: a letter's source
-- is `import:<register>:<year>:<number>`.
CREATE TABLE "archive_imports" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"register_kind" text DEFAULT 'receive' NOT NULL CHECK ("register_kind" IN ('receive', 'send')),
	"sheet_name" text NOT NULL,
	"sheet_key" text NOT NULL,
	"sheet_format" text NOT NULL CHECK ("sheet_format" IN ('csv', 'xlsx')),
	"zip_name" text,
	"zip_key" text,
	"columns" jsonb NOT NULL,
	"mapping" jsonb,
	"state" text DEFAULT 'uploaded' NOT NULL CHECK ("state" IN ('uploaded', 'queued', 'running', 'done', 'failed')),
	"rows_total" integer DEFAULT 0 NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"rows_imported" integer DEFAULT 0 NOT NULL,
	"rows_already" integer DEFAULT 0 NOT NULL,
	"rows_refused" integer DEFAULT 0 NOT NULL,
	"error_key" text,
	"error_detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "archive_imports_pkey" PRIMARY KEY ("tenant_id", "id"),
	FOREIGN KEY ("tenant_id", "unit_id") REFERENCES "units"("tenant_id", "id")
);
--> statement-breakpoint
-- A send-register line imported is an outgoing letter signed on paper, named by its source like an incoming one.
ALTER TABLE outgoing_letters ADD COLUMN "external_ref" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_letters_external_ref_key" ON "outgoing_letters" ("tenant_id", "external_ref") WHERE external_ref IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "archive_imports_created_idx" ON "archive_imports" ("tenant_id", "created_at");
--> statement-breakpoint
-- A row that was not taken, and why (a message key and what it names).
CREATE TABLE "archive_import_problems" (
	"tenant_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"reason" text NOT NULL,
	"detail" text,
	CONSTRAINT "archive_import_problems_pkey" PRIMARY KEY ("tenant_id", "import_id", "row_number"),
	FOREIGN KEY ("tenant_id", "import_id") REFERENCES "archive_imports"("tenant_id", "id")
);
--> statement-breakpoint
ALTER TABLE archive_imports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE archive_imports FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE archive_import_problems ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE archive_import_problems FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY archive_imports_tenant ON archive_imports TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
CREATE POLICY archive_import_problems_tenant ON archive_import_problems TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON archive_imports TO saraban_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON archive_import_problems TO saraban_app;
--> statement-breakpoint
-- A transfer to the National Archives (บัญชีส่งมอบหนังสือครบ ๒๐ ปี): the permanent letters kept from
-- on or before a day, written out with their files and data as a ZIP of open formats.
CREATE TABLE "archive_transfers" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL,
	"cutoff" date NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_by_name" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL CHECK ("state" IN ('queued', 'running', 'ready', 'failed')),
	"letters" integer DEFAULT 0 NOT NULL,
	"object_key" text,
	"size" bigint,
	"sha256" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "archive_transfers_pkey" PRIMARY KEY ("tenant_id", "id")
);
--> statement-breakpoint
CREATE INDEX "archive_transfers_created_idx" ON "archive_transfers" ("tenant_id", "created_at");
--> statement-breakpoint
ALTER TABLE archive_transfers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE archive_transfers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY archive_transfers_tenant ON archive_transfers TO saraban_app
  USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON archive_transfers TO saraban_app;
