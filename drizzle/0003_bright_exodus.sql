ALTER TABLE "advisories" ALTER COLUMN "normalized" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "advisories" ALTER COLUMN "raw" SET DATA TYPE text;