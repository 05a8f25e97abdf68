CREATE TABLE "package_version_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"package_version_id" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "component_packages" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "component_packages" CASCADE;--> statement-breakpoint
ALTER TABLE "findings" DROP CONSTRAINT "findings_product_version_id_product_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "findings" DROP CONSTRAINT "findings_package_version_id_package_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "package_findings" ALTER COLUMN "marks" SET DEFAULT '{}'::text[];--> statement-breakpoint
ALTER TABLE "package_versions" ADD COLUMN "purl_base" text;--> statement-breakpoint
ALTER TABLE "package_version_keys" ADD CONSTRAINT "package_version_keys_package_version_id_package_versions_id_fk" FOREIGN KEY ("package_version_id") REFERENCES "public"."package_versions"("id") ON DELETE cascade ON UPDATE no action;