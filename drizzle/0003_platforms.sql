ALTER TABLE "components" ADD COLUMN "unreadable_identifier" text;--> statement-breakpoint
ALTER TABLE "package_findings" ADD COLUMN "platform_conditions" jsonb;--> statement-breakpoint
CREATE INDEX "package_findings_platform_idx" ON "package_findings" USING btree ("package_version_id") WHERE platform_conditions is not null;--> statement-breakpoint
-- hand-written: begin
-- Verdicts written before platform conditions were kept carry none: evaluate those package
-- versions again on their next matching run so their platform can be settled per product.
UPDATE "package_versions" SET "evaluated_at" = NULL
WHERE "evaluated_at" IS NOT NULL AND "id" IN (
  SELECT "package_version_id" FROM "package_findings"
  WHERE 'platform-unverified' = ANY("marks") AND "platform_conditions" IS NULL);
-- hand-written: end
