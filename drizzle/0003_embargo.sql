CREATE TABLE "manual_vulnerabilities" (
	"vulnerability_id" text PRIMARY KEY NOT NULL,
	"product_id" uuid,
	"embargoed" boolean NOT NULL,
	"coordination" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vulnerabilities" ADD COLUMN "embargoed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "disclosure_warned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "manual_vulnerabilities" ADD CONSTRAINT "manual_vulnerabilities_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vulnerabilities_embargoed_idx" ON "vulnerabilities" USING btree ("id") WHERE "vulnerabilities"."embargoed";--> statement-breakpoint
CREATE INDEX "cases_embargoed_idx" ON "cases" USING btree ("vulnerability_id") WHERE "cases"."embargoed";