CREATE TABLE "advisories" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"modified" timestamp with time zone,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"normalized" jsonb NOT NULL,
	"raw" json,
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
ALTER TABLE "advisory_vulnerabilities" ADD CONSTRAINT "advisory_vulnerabilities_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_vulnerabilities" ADD CONSTRAINT "advisory_vulnerabilities_vulnerability_id_vulnerabilities_id_fk" FOREIGN KEY ("vulnerability_id") REFERENCES "public"."vulnerabilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_cpes" ADD CONSTRAINT "affected_cpes_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affected_packages" ADD CONSTRAINT "affected_packages_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vulnerability_aliases" ADD CONSTRAINT "vulnerability_aliases_vulnerability_id_vulnerabilities_id_fk" FOREIGN KEY ("vulnerability_id") REFERENCES "public"."vulnerabilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "advisories_source_id_uq" ON "advisories" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "advisory_vulnerabilities_vuln_idx" ON "advisory_vulnerabilities" USING btree ("vulnerability_id");--> statement-breakpoint
CREATE INDEX "affected_cpes_advisory_idx" ON "affected_cpes" USING btree ("advisory_id");--> statement-breakpoint
CREATE INDEX "affected_packages_advisory_idx" ON "affected_packages" USING btree ("advisory_id");--> statement-breakpoint
CREATE INDEX "feed_quarantine_source_idx" ON "feed_quarantine" USING btree ("source","at");--> statement-breakpoint
CREATE INDEX "vulnerabilities_modified_idx" ON "vulnerabilities" USING btree ("modified");--> statement-breakpoint
CREATE INDEX "vulnerability_aliases_vuln_idx" ON "vulnerability_aliases" USING btree ("vulnerability_id");