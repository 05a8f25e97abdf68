CREATE SEQUENCE "public"."sbom_upload_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "event_tasks" (
	"consumer" text NOT NULL,
	"event_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "event_tasks_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seq" bigint,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"team_id" text,
	"product_id" uuid,
	"product_version_id" uuid,
	"vulnerability_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "findings" DROP CONSTRAINT "findings_component_id_components_id_fk";
--> statement-breakpoint
DROP INDEX "findings_component_vuln_uq";--> statement-breakpoint
-- Findings become keyed by (product version, package version, vulnerability): drop rows that
-- cannot be keyed and keep the oldest of rows that now share a key.
DELETE FROM "findings" WHERE "package_version_id" IS NULL;--> statement-breakpoint
UPDATE "findings" g SET "first_seen" = d."first_seen" FROM (
	SELECT "product_version_id", "package_version_id", "vulnerability_id", min("id") AS "id", min("first_seen") AS "first_seen"
	FROM "findings" GROUP BY 1, 2, 3 HAVING count(*) > 1) d WHERE g."id" = d."id";--> statement-breakpoint
DELETE FROM "findings" f USING "findings" g
	WHERE f."product_version_id" = g."product_version_id" AND f."package_version_id" = g."package_version_id"
	AND f."vulnerability_id" = g."vulnerability_id" AND f."id" > g."id";--> statement-breakpoint
ALTER TABLE "findings" ALTER COLUMN "component_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ALTER COLUMN "package_version_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "sbom_uploads" ADD COLUMN "accepted_seq" bigint DEFAULT nextval('sbom_upload_seq') NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "retract_reason" text;--> statement-breakpoint
ALTER TABLE "event_tasks" ADD CONSTRAINT "event_tasks_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_tasks_pending_idx" ON "event_tasks" USING btree ("event_id") WHERE "event_tasks"."done_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "events_seq_uq" ON "events" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "events_unpublished_idx" ON "events" USING btree ("id") WHERE "events"."seq" is null;--> statement-breakpoint
CREATE INDEX "events_team_seq_idx" ON "events" USING btree ("team_id","seq");--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_product_version_id_product_versions_id_fk" FOREIGN KEY ("product_version_id") REFERENCES "public"."product_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_package_version_id_package_versions_id_fk" FOREIGN KEY ("package_version_id") REFERENCES "public"."package_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "findings_identity_uq" ON "findings" USING btree ("product_version_id","package_version_id","vulnerability_id");