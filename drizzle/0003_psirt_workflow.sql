CREATE TABLE "kpi_snapshots" (
	"day" date NOT NULL,
	"team_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kpi_snapshots_day_team_id_pk" PRIMARY KEY("day","team_id")
);
--> statement-breakpoint
CREATE TABLE "manual_vulnerabilities" (
	"vulnerability_id" text PRIMARY KEY NOT NULL,
	"product_id" uuid,
	"embargoed" boolean NOT NULL,
	"coordination" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "components" ADD COLUMN "unreadable_identifier" text;--> statement-breakpoint
ALTER TABLE "sbom_uploads" ADD COLUMN "processed_event_id" bigint;--> statement-breakpoint
ALTER TABLE "vulnerabilities" ADD COLUMN "embargoed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "package_findings" ADD COLUMN "platform_conditions" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "disclosure_warned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "manual_vulnerabilities" ADD CONSTRAINT "manual_vulnerabilities_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vulnerabilities_embargoed_idx" ON "vulnerabilities" USING btree ("id") WHERE "vulnerabilities"."embargoed";--> statement-breakpoint
CREATE INDEX "package_findings_platform_idx" ON "package_findings" USING btree ("package_version_id") WHERE platform_conditions is not null;--> statement-breakpoint
CREATE INDEX "cases_embargoed_idx" ON "cases" USING btree ("vulnerability_id") WHERE "cases"."embargoed";
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
