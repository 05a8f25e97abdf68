CREATE TABLE "component_packages" (
	"component_id" bigint PRIMARY KEY NOT NULL,
	"package_version_id" bigint NOT NULL,
	"product_version_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"product_version_id" uuid NOT NULL,
	"component_id" bigint NOT NULL,
	"package_version_id" bigint,
	"vulnerability_id" text NOT NULL,
	"outcome" text NOT NULL,
	"method" text NOT NULL,
	"confidence" text NOT NULL,
	"source" text NOT NULL,
	"sources" text[] NOT NULL,
	"searched" text NOT NULL,
	"matched_range" text NOT NULL,
	"fixed_in" text[] NOT NULL,
	"smallest_fix" text,
	"marks" text[] DEFAULT '{}'::text[] NOT NULL,
	"reason" text,
	"state" text DEFAULT 'open' NOT NULL,
	"suppressed" boolean DEFAULT false NOT NULL,
	"suppression_id" uuid,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"retracted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "package_findings" (
	"package_version_id" bigint NOT NULL,
	"vulnerability_id" text NOT NULL,
	"outcome" text NOT NULL,
	"method" text NOT NULL,
	"confidence" text NOT NULL,
	"source" text NOT NULL,
	"sources" text[] NOT NULL,
	"searched" text NOT NULL,
	"matched_range" text NOT NULL,
	"fixed_in" text[] NOT NULL,
	"smallest_fix" text,
	"marks" text[] NOT NULL,
	"reason" text,
	CONSTRAINT "package_findings_package_version_id_vulnerability_id_pk" PRIMARY KEY("package_version_id","vulnerability_id")
);
--> statement-breakpoint
CREATE TABLE "package_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"identity" text NOT NULL,
	"ecosystem" text,
	"name" text,
	"version" text,
	"purl" text,
	"cpe" text,
	"cpe_vendor" text,
	"cpe_product" text,
	"component_name" text NOT NULL,
	"evaluated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"version_range" text DEFAULT '*' NOT NULL,
	"vulnerability_id" text NOT NULL,
	"component_purl" text,
	"state" text DEFAULT 'not_affected' NOT NULL,
	"justification" text NOT NULL,
	"impact_statement" text,
	"format" text NOT NULL,
	"reference" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "components_cpe_idx";--> statement-breakpoint
ALTER TABLE "component_packages" ADD CONSTRAINT "component_packages_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "component_packages" ADD CONSTRAINT "component_packages_package_version_id_package_versions_id_fk" FOREIGN KEY ("package_version_id") REFERENCES "public"."package_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "component_packages" ADD CONSTRAINT "component_packages_product_version_id_product_versions_id_fk" FOREIGN KEY ("product_version_id") REFERENCES "public"."product_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_product_version_id_product_versions_id_fk" FOREIGN KEY ("product_version_id") REFERENCES "public"."product_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_package_version_id_package_versions_id_fk" FOREIGN KEY ("package_version_id") REFERENCES "public"."package_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_suppression_id_suppressions_id_fk" FOREIGN KEY ("suppression_id") REFERENCES "public"."suppressions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_findings" ADD CONSTRAINT "package_findings_package_version_id_package_versions_id_fk" FOREIGN KEY ("package_version_id") REFERENCES "public"."package_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_created_by_api_tokens_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "component_packages_package_idx" ON "component_packages" USING btree ("package_version_id");--> statement-breakpoint
CREATE INDEX "component_packages_version_idx" ON "component_packages" USING btree ("product_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_component_vuln_uq" ON "findings" USING btree ("component_id","vulnerability_id");--> statement-breakpoint
CREATE INDEX "findings_version_idx" ON "findings" USING btree ("product_version_id","state");--> statement-breakpoint
CREATE INDEX "findings_vuln_idx" ON "findings" USING btree ("vulnerability_id");--> statement-breakpoint
CREATE INDEX "findings_package_idx" ON "findings" USING btree ("package_version_id");--> statement-breakpoint
CREATE INDEX "package_findings_vuln_idx" ON "package_findings" USING btree ("vulnerability_id");--> statement-breakpoint
CREATE UNIQUE INDEX "package_versions_identity_uq" ON "package_versions" USING btree ("identity");--> statement-breakpoint
CREATE INDEX "package_versions_package_idx" ON "package_versions" USING btree ("ecosystem","name");--> statement-breakpoint
CREATE INDEX "package_versions_cpe_idx" ON "package_versions" USING btree ("cpe_vendor","cpe_product");--> statement-breakpoint
CREATE INDEX "suppressions_product_idx" ON "suppressions" USING btree ("product_id","vulnerability_id");--> statement-breakpoint
CREATE INDEX "components_cpe_idx" ON "components" USING btree (split_part("cpe", ':', 4),split_part("cpe", ':', 5));