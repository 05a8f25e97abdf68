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
ALTER TABLE "cases" ADD COLUMN "decision_id" uuid;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_created_by_api_tokens_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_revoked_by_api_tokens_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decisions_product_idx" ON "decisions" USING btree ("product_id","vulnerability_id");--> statement-breakpoint
CREATE INDEX "decisions_vuln_idx" ON "decisions" USING btree ("vulnerability_id");--> statement-breakpoint
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
