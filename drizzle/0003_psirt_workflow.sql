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
CREATE TABLE "alert_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscription_id" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	"event_seq" bigint NOT NULL,
	"event_type" text NOT NULL,
	"case_id" bigint,
	"channel" text NOT NULL,
	"batch_key" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"dead_after" integer NOT NULL,
	"last_error" text,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_feed_failures" (
	"source" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_subscriptions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" text,
	"policy_name" text,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"secret" text,
	"events" jsonb NOT NULL,
	"min_priority" text,
	"products" jsonb,
	"digest" text DEFAULT 'none' NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"time_zone" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
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
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_subscription_id_alert_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."alert_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decisions_product_idx" ON "decisions" USING btree ("product_id","vulnerability_id");--> statement-breakpoint
CREATE INDEX "decisions_vuln_idx" ON "decisions" USING btree ("vulnerability_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_event_sub_uq" ON "alert_deliveries" USING btree ("event_id","subscription_id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_due_idx" ON "alert_deliveries" USING btree ("due_at") WHERE "alert_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "alert_deliveries_case_idx" ON "alert_deliveries" USING btree ("subscription_id","case_id","event_seq");--> statement-breakpoint
CREATE INDEX "alert_deliveries_batch_idx" ON "alert_deliveries" USING btree ("batch_key");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_feed_failures_uq" ON "alert_feed_failures" USING btree ("source","since");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_subscriptions_policy_uq" ON "alert_subscriptions" USING btree ("policy_name");--> statement-breakpoint
CREATE INDEX "alert_subscriptions_team_idx" ON "alert_subscriptions" USING btree ("team_id");--> statement-breakpoint
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
