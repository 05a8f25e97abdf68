CREATE TABLE "case_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"vulnerability_id" text NOT NULL,
	"product_id" uuid NOT NULL,
	"team_id" text NOT NULL,
	"priority" text NOT NULL,
	"priority_rule" text,
	"state" text DEFAULT 'new' NOT NULL,
	"closed_as" text,
	"assignee" text,
	"justification" text,
	"fix_version" text,
	"until" timestamp with time zone,
	"embargoed" boolean DEFAULT false NOT NULL,
	"coordination" jsonb,
	"opened_at" timestamp with time zone NOT NULL,
	"sla_done" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sla_paused_ms" bigint DEFAULT 0 NOT NULL,
	"sla_paused_since" timestamp with time zone,
	"sla_status" text DEFAULT 'on-track' NOT NULL,
	"next_due_at" timestamp with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_cursors" (
	"consumer" text PRIMARY KEY NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"text" text NOT NULL,
	"diff" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
-- Tokens made before expiry existed get the default lifetime of a non-admin token from now.
UPDATE "api_tokens" SET "expires_at" = now() + interval '90 days' WHERE "role" <> 'admin' AND "revoked_at" IS NULL;--> statement-breakpoint
ALTER TABLE "package_versions" ADD COLUMN "source_name" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "case_id" bigint;--> statement-breakpoint
ALTER TABLE "case_audit" ADD CONSTRAINT "case_audit_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_audit_case_idx" ON "case_audit" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_vuln_product_uq" ON "cases" USING btree ("vulnerability_id","product_id");--> statement-breakpoint
CREATE INDEX "cases_team_due_idx" ON "cases" USING btree ("team_id","state","next_due_at");--> statement-breakpoint
CREATE INDEX "cases_product_idx" ON "cases" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "package_versions_source_idx" ON "package_versions" USING btree ("ecosystem","source_name");