CREATE TABLE "kpi_snapshots" (
	"day" date NOT NULL,
	"team_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kpi_snapshots_day_team_id_pk" PRIMARY KEY("day","team_id")
);
--> statement-breakpoint
ALTER TABLE "components" ADD COLUMN "unreadable_identifier" text;--> statement-breakpoint
ALTER TABLE "sbom_uploads" ADD COLUMN "processed_event_id" bigint;--> statement-breakpoint
ALTER TABLE "package_findings" ADD COLUMN "platform_conditions" jsonb;--> statement-breakpoint
CREATE INDEX "package_findings_platform_idx" ON "package_findings" USING btree ("package_version_id") WHERE platform_conditions is not null;
--> statement-breakpoint
-- hand-written: begin
-- Uploads processed before processed_event_id existed: their sbom.processed event, found by upload id (the newest one).
UPDATE "sbom_uploads" u SET "processed_event_id" = e.id
FROM (SELECT DISTINCT ON (data->>'uploadId') id, data->>'uploadId' AS upload_id FROM "events" WHERE type = 'sbom.processed' ORDER BY data->>'uploadId', id DESC) e
WHERE u."processed_event_id" IS NULL AND u.status = 'processed' AND e.upload_id = u.id::text;
-- hand-written: end

--> statement-breakpoint
-- hand-written: begin
-- Verdicts written before platform conditions were kept carry none: evaluate those package
-- versions again on their next matching run so their platform can be settled per product.
UPDATE "package_versions" SET "evaluated_at" = NULL
WHERE "evaluated_at" IS NOT NULL AND "id" IN (
  SELECT "package_version_id" FROM "package_findings"
  WHERE 'platform-unverified' = ANY("marks") AND "platform_conditions" IS NULL);
-- hand-written: end
