CREATE TABLE "kpi_snapshots" (
	"day" date NOT NULL,
	"team_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kpi_snapshots_day_team_id_pk" PRIMARY KEY("day","team_id")
);
