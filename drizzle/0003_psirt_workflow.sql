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
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vulnerability_id" text NOT NULL,
	"scope" text NOT NULL,
	"product_id" uuid,
	"team_id" text,
	"versions" text DEFAULT '*' NOT NULL,
	"component_purl" text,
	"status" text NOT NULL,
	"justification" text,
	"reason" text,
	"expires_at" timestamp with time zone,
	"source" text NOT NULL,
	"reference" text,
	"case_id" bigint,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"expired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "findings" DROP CONSTRAINT "findings_suppression_id_suppressions_id_fk";
--> statement-breakpoint
ALTER TABLE "components" ADD COLUMN "unreadable_identifier" text;--> statement-breakpoint
ALTER TABLE "sbom_uploads" ADD COLUMN "processed_event_id" bigint;--> statement-breakpoint
ALTER TABLE "vulnerabilities" ADD COLUMN "embargoed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "package_findings" ADD COLUMN "platform_conditions" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "decision_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "disclosure_warned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "manual_vulnerabilities" ADD CONSTRAINT "manual_vulnerabilities_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_created_by_api_tokens_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_revoked_by_api_tokens_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decisions_product_idx" ON "decisions" USING btree ("product_id","vulnerability_id");--> statement-breakpoint
CREATE INDEX "decisions_vuln_idx" ON "decisions" USING btree ("vulnerability_id");--> statement-breakpoint
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

--> statement-breakpoint
-- hand-written: begin
-- VEX suppressions become not_affected decisions, ids kept (findings.suppression_id points at them).
INSERT INTO "decisions" ("id", "vulnerability_id", "scope", "product_id", "team_id", "versions", "component_purl", "status", "justification",
    "reason", "source", "reference", "created_by", "created_at", "revoked_at")
  SELECT s."id", s."vulnerability_id",
    CASE WHEN s."version_range" = '*' THEN 'product' WHEN s."version_range" LIKE 'vers:%' THEN 'range' ELSE 'version' END,
    s."product_id", p."team_id", s."version_range", s."component_purl", 'not_affected', s."justification", s."impact_statement",
    s."format", s."reference", s."created_by", s."created_at", s."revoked_at"
  FROM "suppressions" s JOIN "products" p ON p."id" = s."product_id"
  ON CONFLICT ("id") DO NOTHING;
-- hand-written: end
