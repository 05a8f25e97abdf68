CREATE TABLE "kpi_snapshots" (
	"day" date NOT NULL,
	"team_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kpi_snapshots_day_team_id_pk" PRIMARY KEY("day","team_id")
);
--> statement-breakpoint
ALTER TABLE "sbom_uploads" ADD COLUMN "processed_event_id" bigint;
--> statement-breakpoint
-- hand-written: begin
-- Uploads processed before processed_event_id existed: their sbom.processed event, found by upload id (the newest one).
UPDATE "sbom_uploads" u SET "processed_event_id" = e.id
FROM (SELECT DISTINCT ON (data->>'uploadId') id, data->>'uploadId' AS upload_id FROM "events" WHERE type = 'sbom.processed' ORDER BY data->>'uploadId', id DESC) e
WHERE u."processed_event_id" IS NULL AND u.status = 'processed' AND e.upload_id = u.id::text;
-- hand-written: end
