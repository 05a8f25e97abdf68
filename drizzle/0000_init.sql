CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" text,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_token_id" uuid,
	"team_id" text,
	"action" text NOT NULL,
	"subject" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "components" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"upload_id" uuid NOT NULL,
	"product_version_id" uuid NOT NULL,
	"bom_ref" text NOT NULL,
	"type" text NOT NULL,
	"group" text,
	"name" text NOT NULL,
	"version" text,
	"purl" text,
	"purl_base" text,
	"cpe" text,
	"hashes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"licenses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"supplier" text,
	"scope" text,
	"direct" boolean,
	"parent_ref" text
);
--> statement-breakpoint
CREATE TABLE "product_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"version" text NOT NULL,
	"lifecycle" text DEFAULT 'supported' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"team_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sbom_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_version_id" uuid NOT NULL,
	"part" text DEFAULT 'main' NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"raw_gzip" "bytea" NOT NULL,
	"validation" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"format" text,
	"encoding" text,
	"spec_version" text,
	"component_count" integer,
	"error" jsonb,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"superseded_at" timestamp with time zone,
	"uploaded_by" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "advisories" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"modified" timestamp with time zone,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"normalized" text NOT NULL,
	"raw" text,
	"location" text,
	"content_hash" text NOT NULL,
	"affected_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisory_vulnerabilities" (
	"advisory_id" bigint NOT NULL,
	"vulnerability_id" text NOT NULL,
	CONSTRAINT "advisory_vulnerabilities_advisory_id_vulnerability_id_pk" PRIMARY KEY("advisory_id","vulnerability_id")
);
--> statement-breakpoint
CREATE TABLE "affected_cpes" (
	"vendor" text NOT NULL,
	"product" text NOT NULL,
	"advisory_id" bigint NOT NULL,
	CONSTRAINT "affected_cpes_vendor_product_advisory_id_pk" PRIMARY KEY("vendor","product","advisory_id")
);
--> statement-breakpoint
CREATE TABLE "affected_packages" (
	"ecosystem" text NOT NULL,
	"name" text NOT NULL,
	"advisory_id" bigint NOT NULL,
	CONSTRAINT "affected_packages_ecosystem_name_advisory_id_pk" PRIMARY KEY("ecosystem","name","advisory_id")
);
--> statement-breakpoint
CREATE TABLE "epss_scores" (
	"cve" text PRIMARY KEY NOT NULL,
	"epss" double precision NOT NULL,
	"percentile" double precision,
	"score_date" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feed_quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"record_id" text,
	"location" text NOT NULL,
	"reason" text NOT NULL,
	"excerpt" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feed_state" (
	"source" text PRIMARY KEY NOT NULL,
	"checkpoint" text,
	"last_attempt_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"records_ingested" bigint DEFAULT 0 NOT NULL,
	"quarantined" bigint DEFAULT 0 NOT NULL,
	"lease_holder" text,
	"lease_expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kev_entries" (
	"cve" text PRIMARY KEY NOT NULL,
	"date_added" date NOT NULL,
	"due_date" date,
	"known_ransomware_campaign_use" boolean DEFAULT false NOT NULL,
	"entry" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vulnerabilities" (
	"id" text PRIMARY KEY NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"sources" text[] DEFAULT '{}'::text[] NOT NULL,
	"title" text,
	"severity" text,
	"cvss" jsonb,
	"cwes" text[] DEFAULT '{}'::text[] NOT NULL,
	"published" timestamp with time zone,
	"modified" timestamp with time zone,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vulnerability_aliases" (
	"alias" text NOT NULL,
	"vulnerability_id" text NOT NULL,
	CONSTRAINT "vulnerability_aliases_alias_vulnerability_id_pk" PRIMARY KEY("alias","vulnerability_id")
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
	"marks" text[] DEFAULT '{}'::text[] NOT NULL,
	"reason" text,
	CONSTRAINT "package_findings_package_version_id_vulnerability_id_pk" PRIMARY KEY("package_version_id","vulnerability_id")
);
--> statement-breakpoint
CREATE TABLE "package_version_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"package_version_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "package_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"identity" text NOT NULL,
	"ecosystem" text,
	"name" text,
	"version" text,
	"purl" text,
	"purl_base" text,
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
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "components" ADD CONSTRAINT "components_upload_id_sbom_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."sbom_uploads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "components" ADD CONSTRAINT "components_product_version_id_product_versions_id_fk" FOREIGN KEY ("product_version_id") REFERENCES "public"."product_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_versions" ADD CONSTRAINT "product_versions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sbom_uploads" ADD CONSTRAINT "sbom_uploads_product_version_id_product_versions_id_fk" FOREIGN KEY ("product_version_id") REFERENCES "public"."product_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sbom_uploads" ADD CONSTRAINT "sbom_uploads_uploaded_by_api_tokens_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_vulnerabilities" ADD CONSTRAINT "advisory_vulnerabilities_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_vulnerabilities" ADD CONSTRAINT "advisory_vulnerabilities_vulnerability_id_vulnerabilities_id_fk" FOREIGN KEY ("vulnerability_id") REFERENCES "public"."vulnerabilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_cpes" ADD CONSTRAINT "affected_cpes_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_packages" ADD CONSTRAINT "affected_packages_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vulnerability_aliases" ADD CONSTRAINT "vulnerability_aliases_vulnerability_id_vulnerabilities_id_fk" FOREIGN KEY ("vulnerability_id") REFERENCES "public"."vulnerabilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_suppression_id_suppressions_id_fk" FOREIGN KEY ("suppression_id") REFERENCES "public"."suppressions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_findings" ADD CONSTRAINT "package_findings_package_version_id_package_versions_id_fk" FOREIGN KEY ("package_version_id") REFERENCES "public"."package_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_version_keys" ADD CONSTRAINT "package_version_keys_package_version_id_package_versions_id_fk" FOREIGN KEY ("package_version_id") REFERENCES "public"."package_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_created_by_api_tokens_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_team_idx" ON "api_tokens" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "components_upload_idx" ON "components" USING btree ("upload_id");--> statement-breakpoint
CREATE INDEX "components_version_idx" ON "components" USING btree ("product_version_id");--> statement-breakpoint
CREATE INDEX "components_purl_base_idx" ON "components" USING btree ("purl_base");--> statement-breakpoint
CREATE INDEX "components_name_idx" ON "components" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "components_cpe_idx" ON "components" USING btree (split_part("cpe", ':', 4),split_part("cpe", ':', 5));--> statement-breakpoint
CREATE UNIQUE INDEX "product_versions_uq" ON "product_versions" USING btree ("product_id","version");--> statement-breakpoint
CREATE INDEX "product_versions_lifecycle_idx" ON "product_versions" USING btree ("lifecycle");--> statement-breakpoint
CREATE UNIQUE INDEX "products_name_uq" ON "products" USING btree ("name");--> statement-breakpoint
CREATE INDEX "products_team_idx" ON "products" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sbom_uploads_identity_uq" ON "sbom_uploads" USING btree ("product_version_id","part","sha256");--> statement-breakpoint
CREATE INDEX "sbom_uploads_status_idx" ON "sbom_uploads" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "advisories_source_id_uq" ON "advisories" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "advisory_vulnerabilities_vuln_idx" ON "advisory_vulnerabilities" USING btree ("vulnerability_id");--> statement-breakpoint
CREATE INDEX "affected_cpes_advisory_idx" ON "affected_cpes" USING btree ("advisory_id");--> statement-breakpoint
CREATE INDEX "affected_packages_advisory_idx" ON "affected_packages" USING btree ("advisory_id");--> statement-breakpoint
CREATE INDEX "affected_packages_name_idx" ON "affected_packages" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "feed_quarantine_source_idx" ON "feed_quarantine" USING btree ("source","at");--> statement-breakpoint
CREATE INDEX "vulnerability_aliases_vuln_idx" ON "vulnerability_aliases" USING btree ("vulnerability_id");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_component_vuln_uq" ON "findings" USING btree ("component_id","vulnerability_id");--> statement-breakpoint
CREATE INDEX "findings_version_idx" ON "findings" USING btree ("product_version_id","state");--> statement-breakpoint
CREATE INDEX "findings_vuln_idx" ON "findings" USING btree ("vulnerability_id");--> statement-breakpoint
CREATE INDEX "findings_package_idx" ON "findings" USING btree ("package_version_id");--> statement-breakpoint
CREATE INDEX "package_findings_vuln_idx" ON "package_findings" USING btree ("vulnerability_id");--> statement-breakpoint
CREATE UNIQUE INDEX "package_versions_identity_uq" ON "package_versions" USING btree ("identity");--> statement-breakpoint
CREATE INDEX "package_versions_package_idx" ON "package_versions" USING btree ("ecosystem","name");--> statement-breakpoint
CREATE INDEX "package_versions_cpe_idx" ON "package_versions" USING btree ("cpe_vendor","cpe_product");--> statement-breakpoint
CREATE INDEX "suppressions_product_idx" ON "suppressions" USING btree ("product_id","vulnerability_id");