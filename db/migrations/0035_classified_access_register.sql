-- The classified-documents registrar's register of every act on classified letters and keys
-- (opened, downloaded, printed, failed, wrapped, unwrapped, recovered), paged by this index.
CREATE INDEX "audit_log_classified_idx" ON "audit_log" ("tenant_id", "id") WHERE action LIKE 'classified.%';
